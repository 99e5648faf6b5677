package dev.lalala.search.index;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A published song as the {@code tracks} index keeps it (fed from track.events). {@code suggest} holds what a user
 * might start typing to find it: its title.
 */
public record TrackDocument(UUID id, String title, UUID artistId, String artistName, String genre, List<String> tags,
        Long durationMs, String coverUrl, Instant publishedAt, List<String> suggest) {

    public static TrackDocument of(UUID id, String title, UUID artistId, String artistName, String genre,
            List<String> tags, Long durationMs, String coverUrl, Instant publishedAt) {
        return new TrackDocument(id, title, artistId, artistName, genre, tags == null ? List.of() : List.copyOf(tags),
                durationMs, coverUrl, publishedAt, List.of(title));
    }
}
