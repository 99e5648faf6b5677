package dev.lalala.chat;

import dev.lalala.events.Visibility;
import dev.lalala.events.track.TrackPublished;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Songs as track-service announces them (TrackPublished), for rooms to play in tests. */
final class TestTracks {

    static TrackPublished published(UUID track, UUID owner, Visibility visibility, long durationMs) {
        return new TrackPublished(track, owner, "Song " + track.toString().substring(0, 8), "pop", List.of(), "",
                visibility, durationMs, (int) (durationMs / 5000) + 1, 220_500, 44_100, -3.0, null, Instant.now());
    }

    private TestTracks() {
    }
}
