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
        @Schema(allowableValues = {"PUBLIC", "PRIVATE"}) Visibility visibility,
        boolean collaborative,
        int trackCount,
        Instant createdAt,
        Instant updatedAt) {

    public static PlaylistSummaryView of(Playlist p) {
        return new PlaylistSummaryView(p.id(), p.ownerId(), p.name(), p.description(), p.visibility(),
                p.collaborative(), p.trackCount(), p.createdAt(), p.updatedAt());
    }
}
