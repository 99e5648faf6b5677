package dev.lalala.events.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.events.EventJson;
import dev.lalala.events.Visibility;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Pins the manifest's JSON: track-service writes it, streaming-service reads it, possibly a different build. */
class TrackManifestTest {

    static final TrackManifest EXAMPLE = new TrackManifest(1,
            UUID.fromString("5b6c7d8e-9fa0-4b1c-8d2e-3f4a5b6c7d8e"), UUID.fromString("7d3f1a52-4b8e-4f7a-9d61-0a1b2c3d4e5f"),
            Visibility.PUBLIC, 44_100, 2, 16, 3, 220_500, 100_000, 541_000L, 12_267L, -11.2, -2.8,
            List.of(0.1, 0.75, 1.0, 0.5), 2_345_678L, Instant.parse("2026-11-22T10:15:30.123Z"));

    @Test
    void pinnedJsonReadsAsTheExample() throws IOException {
        byte[] pinned;
        try (InputStream in = getClass().getResourceAsStream("/contracts/TrackManifest.v1.json")) {
            pinned = in.readAllBytes();
        }
        assertThat(TrackManifest.fromJson(pinned)).isEqualTo(EXAMPLE);
        assertThat(EventJson.mapper().readTree(EXAMPLE.toJson())).isEqualTo(EventJson.mapper().readTree(pinned));
    }

    @Test
    void segmentAtMapsPositionsToSegmentsClampedToTheTrack() {
        assertThat(EXAMPLE.segmentAt(-5)).isZero();
        assertThat(EXAMPLE.segmentAt(4_999)).isZero();
        assertThat(EXAMPLE.segmentAt(5_000)).isEqualTo(1);
        assertThat(EXAMPLE.segmentAt(11_000)).isEqualTo(2);
        assertThat(EXAMPLE.segmentAt(999_999)).isEqualTo(2);
        assertThat(EXAMPLE.segmentDurationMs()).isEqualTo(5_000);
    }

    @Test
    void lastSegmentHasItsOwnSampleCount() {
        assertThat(EXAMPLE.samplesIn(0)).isEqualTo(220_500);
        assertThat(EXAMPLE.samplesIn(2)).isEqualTo(100_000);
        assertThatThrownBy(() -> EXAMPLE.samplesIn(3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void layoutKeysStayUnderTheTrackFolder() {
        UUID id = EXAMPLE.trackId();
        assertThat(AudioLayout.segmentKey(id, 7)).isEqualTo("tracks/" + id + "/segments/00007.flac");
        assertThat(AudioLayout.manifestKey(id)).startsWith(AudioLayout.trackPrefix(id));
        assertThat(AudioLayout.wholeTrackKey(id)).isEqualTo("tracks/" + id + "/track.flac");
        assertThatThrownBy(() -> AudioLayout.segmentKey(id, -1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AudioLayout.segmentKey(id, 100_000)).isInstanceOf(IllegalArgumentException.class);
    }
}
