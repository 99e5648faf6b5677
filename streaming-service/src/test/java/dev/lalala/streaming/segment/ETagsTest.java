package dev.lalala.streaming.segment;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ETagsTest {

    @Test
    void theTagIsAQuotedStrongDigestOfTheContent() {
        String tag = ETags.strong("fLaC segment".getBytes(StandardCharsets.US_ASCII));

        assertThat(tag).matches("\"[0-9a-f]{32}\"");
        assertThat(ETags.strong("fLaC segment".getBytes(StandardCharsets.US_ASCII))).isEqualTo(tag);
        assertThat(ETags.strong("fLaC segment!".getBytes(StandardCharsets.US_ASCII))).isNotEqualTo(tag);
    }

    @Test
    void ifNoneMatchComparesWeaklyAndAcceptsListsAndAStar() {
        String tag = "\"abc\"";

        assertThat(ETags.noneMatchHits("\"abc\"", tag)).isTrue();
        assertThat(ETags.noneMatchHits("W/\"abc\"", tag)).isTrue();
        assertThat(ETags.noneMatchHits("\"x\", \"abc\"", tag)).isTrue();
        assertThat(ETags.noneMatchHits("*", tag)).isTrue();
        assertThat(ETags.noneMatchHits("\"abcd\"", tag)).isFalse();
        assertThat(ETags.noneMatchHits("abc", tag)).isFalse();
        assertThat(ETags.noneMatchHits(null, tag)).isFalse();
        assertThat(ETags.noneMatchHits(" ", tag)).isFalse();
    }
}
