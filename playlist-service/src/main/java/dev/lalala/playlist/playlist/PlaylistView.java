package dev.lalala.playlist.playlist;

import dev.lalala.events.Visibility;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A playlist with its songs, as clients see it. */
@Schema(description = "A playlist with its songs in order")
public record PlaylistView(
        UUID id,
        UUID ownerId,
        String name,
        String description,
        @Schema(allowableValues = {"PUBLIC", "PRIVATE"}) Visibility visibility,
        boolean collaborative,
        int trackCount,
        Instant createdAt,
        Instant updatedAt,
        List<Item> items) {

    @Schema(description = """
            One place in the playlist. When the song was deleted, is private to someone else or is not known yet, \
            only its id is given and available is false.""")
    public record Item(
            int position,
            UUID trackId,
            boolean available,
            String title,
            @Schema(description = "The song's artist") UUID artistId,
            Long durationMs,
            UUID addedBy,
            Instant addedAt) {

        static Item of(PlaylistItem item, Optional<UUID> viewer) {
            TrackSummary track = item.track();
            if (track == null || !track.playableBy(viewer)) {
                return new Item(item.position(), item.trackId(), false, null, null, null, item.addedBy(),
                        item.addedAt());
            }
            return new Item(item.position(), item.trackId(), true, track.title(), track.ownerId(), track.durationMs(),
                    item.addedBy(), item.addedAt());
        }
    }

    public static PlaylistView of(Playlist playlist, List<PlaylistItem> items, Optional<UUID> viewer) {
        return new PlaylistView(playlist.id(), playlist.ownerId(), playlist.name(), playlist.description(),
                playlist.visibility(), playlist.collaborative(), playlist.trackCount(), playlist.createdAt(),
                playlist.updatedAt(), items.stream().map(i -> Item.of(i, viewer)).toList());
    }
}
