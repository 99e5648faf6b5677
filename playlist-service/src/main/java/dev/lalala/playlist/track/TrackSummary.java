package dev.lalala.playlist.track;

import dev.lalala.events.Visibility;
import java.util.Optional;
import java.util.UUID;

/** What this service knows of a song, from track.events (and from track-service when the song was added). */
public record TrackSummary(UUID trackId, String title, UUID ownerId, Long durationMs, String coverUrl,
        Visibility visibility, boolean available) {

    /**
     * Whether {@code viewer} may see and play the song in a playlist: it must still exist and be published, and a
     * private song is its owner's alone.
     */
    public boolean playableBy(Optional<UUID> viewer) {
        return available && (visibility != Visibility.PRIVATE || viewer.map(ownerId::equals).orElse(false));
    }
}
