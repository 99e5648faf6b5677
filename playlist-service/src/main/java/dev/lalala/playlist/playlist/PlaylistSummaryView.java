package dev.lalala.playlist.playlist;

import dev.lalala.events.Visibility;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** A playlist in a list, without its songs. */
@Schema(description = "A playlist, without its songs")
public record PlaylistSummaryView(
        UUID id,
        UUID ownerId,
        String name,
        String description,
        Visibility visibility,
        boolean collaborative,
        String coverUrl,
        int trackCount,
        int likeCount,
        @Schema(description = "OWNER or COLLABORATOR in the caller's own list; VIEWER elsewhere") Access role,
        Instant createdAt,
        Instant updatedAt) {

    public static PlaylistSummaryView of(PlaylistRepository.ListedPlaylist listed) {
        Playlist p = listed.playlist();
        return new PlaylistSummaryView(p.id(), p.ownerId(), p.name(), p.description(), p.visibility(),
                p.collaborative(), listed.coverUrl(), p.trackCount(), p.likeCount(), listed.role(), p.createdAt(),
                p.updatedAt());
    }
}
