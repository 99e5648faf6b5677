package dev.lalala.playlist.playlist;

import dev.lalala.events.Visibility;
import java.time.Instant;
import java.util.UUID;

/** A playlist as stored. {@code collaborative}: it has at least one collaborator. */
public record Playlist(
        UUID id,
        UUID ownerId,
        String name,
        String description,
        Visibility visibility,
        boolean collaborative,
        UUID coverTrackId,
        int trackCount,
        int likeCount,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    public static final int MAX_NAME = 100;
    public static final int MAX_DESCRIPTION = 1000;

    public boolean ownedBy(UUID userId) {
        return ownerId.equals(userId);
    }
}
