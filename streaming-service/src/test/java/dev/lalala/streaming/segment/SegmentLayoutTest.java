package dev.lalala.streaming.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;

class SegmentLayoutTest {

    static final UUID TRACK = UUID.fromString("0b7c5a9e-3f1d-4c2a-9e8b-7a6d5c4b3a21");

    @Test
    void segmentsAreNumberedWithFiveDigits() {
        assertThat(SegmentLayout.segmentKey(TRACK, 0))
                .isEqualTo("tracks/0b7c5a9e-3f1d-4c2a-9e8b-7a6d5c4b3a21/segments/00000.flac");
        assertThat(SegmentLayout.segmentKey(TRACK, 42))
                .isEqualTo("tracks/0b7c5a9e-3f1d-4c2a-9e8b-7a6d5c4b3a21/segments/00042.flac");
        assertThat(SegmentLayout.segmentKey(TRACK, 99_999))
                .isEqualTo("tracks/0b7c5a9e-3f1d-4c2a-9e8b-7a6d5c4b3a21/segments/99999.flac");
    }

    @Test
    void theWholeTrackSitsNextToItsSegments() {
        assertThat(SegmentLayout.trackKey(TRACK)).isEqualTo("tracks/0b7c5a9e-3f1d-4c2a-9e8b-7a6d5c4b3a21/track.flac");
    }

    @Test
    void anIndexOutsideFiveDigitsHasNoKey() {
        assertThatThrownBy(() -> SegmentLayout.segmentKey(TRACK, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SegmentLayout.segmentKey(TRACK, 100_000))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
