package dev.lalala.track.track;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.defaults.problem.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrackFieldsTest {

    @Test
    void titlesAndTagsAreOneLineWithoutControlCharacters() {
        for (String bad : List.of("Bell\u0007", "Tab\there", "Two\nlines", "Esc\u001B[31m", "Del\u007F", "C1\u0085",
                "Sep\u2028x", "Nul\u0000")) {
            TrackFields fields = new TrackFields();
            fields.title(bad + " end", true);
            assertThatThrownBy(fields::check).as(bad).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.properties().get("errors").toString()).contains("title", "control"));
            TrackFields tags = new TrackFields();
            tags.tags(List.of("ok", bad + " end"));
            assertThatThrownBy(tags::check).as(bad).isInstanceOf(ApiException.class);
        }
        TrackFields fine = new TrackFields();
        assertThat(fine.title("  Track #1 — 한강 ", true)).isEqualTo("Track #1 — 한강");
        assertThat(fine.tags(List.of("lo-fi, city pop"))).containsExactly("lo-fi", "city pop");
        fine.check();
    }

    @Test
    void aDescriptionMayHaveLineBreaksAndTabsButNoOtherControlCharacters() {
        TrackFields fine = new TrackFields();
        assertThat(fine.description("Verse one\r\n\tand two")).isEqualTo("Verse one\r\n\tand two");
        fine.check();
        TrackFields bad = new TrackFields();
        bad.description("Hidden\u0008text");
        assertThatThrownBy(bad::check).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.properties().get("errors").toString()).contains("description"));
    }

    @Test
    void textFromFilesIsCleanedIntoOneLine() {
        assertThat(TrackFields.cleanLine("Title\u0000 from\r\na  tag\u0085", 200)).isEqualTo("Title from a tag");
        assertThat(TrackFields.cleanLine("\u0001\u0002 ", 200)).isNull();
        assertThat(TrackFields.cleanLine("x".repeat(300), 200)).hasSize(200);
    }
}
