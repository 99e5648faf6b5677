package dev.lalala.playlist.playlist;

import dev.lalala.events.Visibility;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import java.util.UUID;

/** The bodies of playlist writes. */
public final class PlaylistRequests {

    private PlaylistRequests() {
    }

    @Schema(description = "A new playlist; visibility defaults to PUBLIC")
    public record NewPlaylist(
            @NotBlank @Size(max = Playlist.MAX_NAME) String name,
            @Size(max = Playlist.MAX_DESCRIPTION) String description,
            Visibility visibility) {
    }

    /**
     * A change: only the fields present are changed. {@code description: null} (or "") clears it;
     * {@code coverTrackId: null} goes back to the first song's cover. A class with setters, not a record, so that
     * a field sent as null is told apart from one not sent.
     */
    @Schema(description = "Changes to a playlist: only the fields sent are changed")
    public static final class PlaylistChange {

        private String name;
        private boolean nameSent;
        private String description;
        private boolean descriptionSent;
        private Visibility visibility;
        private UUID coverTrackId;
        private boolean coverSent;

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
            this.nameSent = true;
        }

        public String getDescription() {
            return description;
        }

        public void setDescription(String description) {
            this.description = description;
            this.descriptionSent = true;
        }

        public Visibility getVisibility() {
            return visibility;
        }

        public void setVisibility(Visibility visibility) {
            this.visibility = visibility;
        }

        public UUID getCoverTrackId() {
            return coverTrackId;
        }

        public void setCoverTrackId(UUID coverTrackId) {
            this.coverTrackId = coverTrackId;
            this.coverSent = true;
        }

        boolean nameSent() {
            return nameSent;
        }

        boolean descriptionSent() {
            return descriptionSent;
        }

        boolean coverSent() {
            return coverSent;
        }
    }

    @Schema(description = "A song to add; without position it goes last")
    public record NewItem(@NotNull UUID trackId, @PositiveOrZero Integer position) {
    }

    @Schema(description = "Where the item goes: its index in the list after the move (0 is first; past the end: last)")
    public record ItemMove(@NotNull @PositiveOrZero Integer position) {
    }

    @Schema(description = "The user to invite as collaborator")
    public record NewCollaborator(@NotNull UUID userId) {
    }
}
