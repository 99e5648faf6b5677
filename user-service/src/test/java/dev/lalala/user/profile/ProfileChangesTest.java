package dev.lalala.user.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.FieldError;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class ProfileChangesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void leftOutFieldsStayAsTheyAre() {
        ProfileChanges name = parse("{\"displayName\": \"  Mina 민아  \"}");
        assertThat(name.displayName()).isEqualTo("Mina 민아");
        assertThat(name.bioGiven()).isFalse();

        ProfileChanges bio = parse("{\"bio\": \"synths at dawn\"}");
        assertThat(bio.displayName()).isNull();
        assertThat(bio.bio()).isEqualTo("synths at dawn");
        assertThat(bio.bioGiven()).isTrue();
    }

    @Test
    void aNullOrBlankBioClearsIt() {
        assertThat(parse("{\"bio\": null}")).isEqualTo(new ProfileChanges(null, null, true));
        assertThat(parse("{\"bio\": \"   \"}")).isEqualTo(new ProfileChanges(null, null, true));
    }

    @Test
    void limitsCountCharactersNotUtf16Units() {
        // 50 emoji are 100 UTF-16 units but 50 characters: allowed.
        assertThat(parse("{\"displayName\": \"" + "🎧".repeat(50) + "\"}").displayName()).hasSize(100);
        assertThat(parse("{\"bio\": \"" + "a".repeat(160) + "\"}").bio()).hasSize(160);
    }

    @Test
    void everyBrokenRuleIsListedWithItsField() {
        List<FieldError> errors = errors("{\"displayName\": \"" + "x".repeat(51) + "\", \"bio\": \"" + "b".repeat(161)
                + "\", \"role\": \"ARTIST\", \"email\": \"me@example.com\", \"colour\": \"red\"}");
        assertThat(errors).extracting(FieldError::field).containsExactly("bio", "colour", "displayName", "email", "role");
    }

    @Test
    void aBlankOrNonTextDisplayNameIsRefused() {
        assertThat(errors("{\"displayName\": \"   \"}")).extracting(FieldError::field).containsExactly("displayName");
        assertThat(errors("{\"displayName\": null}")).extracting(FieldError::field).containsExactly("displayName");
        assertThat(errors("{\"displayName\": 42}")).extracting(FieldError::field).containsExactly("displayName");
    }

    @Test
    void theBioIsOneLine() {
        assertThat(errors("{\"bio\": \"line one\\nline two\"}")).singleElement()
                .satisfies(e -> assertThat(e.message()).contains("one line"));
        assertThat(errors("{\"bio\": \"a\\u2028b\"}")).extracting(FieldError::field).containsExactly("bio");
        assertThat(errors("{\"displayName\": \"Mina\\r\"}")).isEmpty(); // trailing whitespace is stripped first
    }

    private static ProfileChanges parse(String json) {
        return ProfileChanges.parse(JSON.readTree(json));
    }

    @SuppressWarnings("unchecked")
    private static List<FieldError> errors(String json) {
        ApiException e = catchThrowableOfType(ApiException.class, () -> parse(json));
        if (e == null) {
            return List.of();
        }
        assertThat(e.status().value()).isEqualTo(400);
        assertThat(e.type().toString()).isEqualTo("https://lalala.dev/problems/validation");
        return (List<FieldError>) e.properties().get("errors");
    }
}
