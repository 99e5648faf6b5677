package dev.lalala.search.index;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A public playlist as the {@code playlists} index keeps it (fed from playlist.events). Suggested by name. */
public record PlaylistDocument(UUID id, String name, String description, UUID ownerId, String ownerName,
        Integer trackCount, Instant updatedAt, List<String> suggest) {

    public static PlaylistDocument of(UUID id, String name, String description, UUID ownerId, String ownerName,
            Integer trackCount, Instant updatedAt) {
        return new PlaylistDocument(id, name, description, ownerId, ownerName, trackCount, updatedAt, List.of(name));
    }
}
