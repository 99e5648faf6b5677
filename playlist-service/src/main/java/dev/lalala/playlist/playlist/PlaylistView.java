package dev.lalala.playlist.playlist;

import dev.lalala.events.Visibility;
import dev.lalala.playlist.track.TrackSummary;
import dev.lalala.playlist.user.UserSummary;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A playlist with its songs, as clients see it. */
@Schema(description = "A playlist with its songs in order")
public record PlaylistView(
        UUID id,
        UUID ownerId,
        @Schema(description = "The owner's display name; absent while this service has not heard of the account")
        String ownerName,
        @Schema(description = "The owner's handle (without @); absent as ownerName") String ownerHandle,
        String name,
        String description,
        Visibility visibility,
        @Schema(description = "It has collaborators") boolean collaborative,
        @Schema(description = "The song the owner chose as cover, absent: the first song's cover") UUID coverTrackId,
        String coverUrl,
        int trackCount,
        int likeCount,
        @Schema(description = "OWNER, COLLABORATOR or VIEWER: what the caller may do") Access role,
        @Schema(description = "Whether the caller liked it") boolean liked,
        List<UUID> collaborators,
        @Schema(description = "Grows with every change; a client can tell whether its copy is current") long version,
        Instant createdAt,
        Instant updatedAt,
        List<Item> items) {

    @Schema(description = """
            One place in the playlist. When the song was deleted, is private to someone else or is not known yet, \
            only its id is given and available is false, so the list keeps its shape.""")
    public record Item(
            UUID itemId,
            int position,
            UUID trackId,
            boolean available,
            String title,
            @Schema(description = "The song's artist (user id)") UUID artistId,
            @Schema(description = "The artist's display name; absent while this service has not heard of the account")
            String artistName,
            @Schema(description = "The artist's handle (without @); absent as artistName") String artistHandle,
            Long durationMs,
            String coverUrl,
            @Schema(description = "Who added it; absent once that account was deleted") UUID addedBy,
            Instant addedAt) {

        static Item of(PlaylistItem item, int position, Optional<UUID> viewer) {
            TrackSummary track = item.track();
            if (track == null || !track.playableBy(viewer)) {
                return new Item(item.itemId(), position, item.trackId(), false, null, null, null, null, null, null,
                        item.addedBy(), item.addedAt());
            }
            UserSummary artist = item.artist() != null && item.artist().active() ? item.artist() : null;
            return new Item(item.itemId(), position, item.trackId(), true, track.title(), track.ownerId(),
                    artist == null ? null : artist.displayName(), artist == null ? null : artist.handle(),
                    track.durationMs(), track.coverUrl(), item.addedBy(), item.addedAt());
        }
    }

    public static PlaylistView of(Playlist p, UserSummary owner, List<PlaylistItem> items, List<UUID> collaborators,
            Access role, boolean liked, Optional<UUID> viewer) {
        boolean named = owner != null && owner.active();
        List<Item> shown = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            shown.add(Item.of(items.get(i), i, viewer));
        }
        return new PlaylistView(p.id(), p.ownerId(), named ? owner.displayName() : null,
                named ? owner.handle() : null, p.name(), p.description(), p.visibility(), p.collaborative(),
                p.coverTrackId(), cover(p, shown), items.size(), p.likeCount(), role, liked, collaborators,
                p.version(), p.createdAt(), p.updatedAt(), shown);
    }

    /** The chosen song's cover if it shows, else the first song's that shows (as PlaylistRepository.COVER). */
    private static String cover(Playlist p, List<Item> items) {
        String first = null;
        for (Item item : items) {
            if (item.available() && item.coverUrl() != null) {
                if (item.trackId().equals(p.coverTrackId())) {
                    return item.coverUrl();
                }
                if (first == null) {
                    first = item.coverUrl();
                }
            }
        }
        return first;
    }
}
