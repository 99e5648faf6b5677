package dev.lalala.user.profile;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.FieldError;
import dev.lalala.defaults.problem.ProblemTypes;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;
import tools.jackson.databind.JsonNode;

/**
 * What a PATCH of a profile may change. A field left out stays as it is; {@code bio} set to null or blank clears it.
 * Every broken rule is reported at once, each naming its field.
 *
 * @param bioGiven whether the request mentioned the bio at all (null then means "clear it")
 */
@Schema(description = "The fields to change; the others stay as they are")
public record ProfileChanges(
        @Schema(description = "1 to 50 characters, one line", example = "Mina 민아") String displayName,
        @Schema(description = "At most 160 characters on one line; null or empty clears it",
                example = "synths at dawn") String bio,
        @Schema(hidden = true) boolean bioGiven) {

    public static final int DISPLAY_NAME_MAX = 50;
    public static final int BIO_MAX = 160;

    /** Fields of a profile that exist but are not changed through this route. */
    private static final Set<String> READ_ONLY = Set.of("id", "handle", "email", "emailVerified", "role", "avatarUrl",
            "createdAt", "updatedAt");

    public static ProfileChanges parse(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("bad-request", "The body must be a JSON object.");
        }
        List<FieldError> errors = new ArrayList<>();
        for (String field : body.propertyNames()) {
            if (READ_ONLY.contains(field)) {
                errors.add(new FieldError(field, "cannot be changed"));
            } else if (!field.equals("displayName") && !field.equals("bio")) {
                errors.add(new FieldError(field, "is not a profile field"));
            }
        }

        String displayName = null;
        if (body.has("displayName")) {
            JsonNode value = body.get("displayName");
            if (!value.isString()) {
                errors.add(new FieldError("displayName", "must be a string"));
            } else {
                displayName = value.asString().strip();
                int length = displayName.codePointCount(0, displayName.length());
                if (length < 1 || length > DISPLAY_NAME_MAX) {
                    errors.add(new FieldError("displayName", "must be 1 to " + DISPLAY_NAME_MAX + " characters"));
                } else if (!isOneLine(displayName)) {
                    errors.add(new FieldError("displayName", "must be one line without control characters"));
                }
            }
        }

        String bio = null;
        boolean bioGiven = body.has("bio");
        if (bioGiven) {
            JsonNode value = body.get("bio");
            if (!value.isNull() && !value.isString()) {
                errors.add(new FieldError("bio", "must be a string or null"));
            } else if (value.isString()) {
                String stripped = value.asString().strip();
                if (stripped.codePointCount(0, stripped.length()) > BIO_MAX) {
                    errors.add(new FieldError("bio", "must be at most " + BIO_MAX + " characters"));
                } else if (!isOneLine(stripped)) {
                    errors.add(new FieldError("bio", "must be one line without control characters"));
                }
                bio = stripped.isEmpty() ? null : stripped;
            }
        }

        if (!errors.isEmpty()) {
            errors.sort(Comparator.comparing(FieldError::field));
            throw new ApiException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
                    errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid")
                    .with("errors", errors);
        }
        return new ProfileChanges(displayName, bio, bioGiven);
    }

    /** No line breaks (including U+2028/2029 and NEL) and no other control characters. */
    static boolean isOneLine(String text) {
        return text.codePoints().noneMatch(c -> Character.getType(c) == Character.CONTROL
                || c == '\u2028' || c == '\u2029');
    }
}
