package dev.lalala.playlist.playlist;

import dev.lalala.events.Visibility;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** A playlist as stored, with how many songs it holds. */
public record Playlist(
        UUID id,
        UUID ownerId,
        String name,
        String description,
        Visibility visibility,
        boolean collaborative,
        int trackCount,
        Instant createdAt,
        Instant updatedAt) {

    /** The most songs a playlist holds; a playlist is always shown whole. */
    public static final int MAX_ITEMS = 500;

    public boolean ownedBy(UUID userId) {
        return ownerId.equals(userId);
    }

    /** Public playlists are seen by anyone, private ones by their owner only. */
    public boolean visibleTo(Optional<UUID> viewer) {
        return visibility == Visibility.PUBLIC || viewer.map(this::ownedBy).orElse(false);
    }
}
