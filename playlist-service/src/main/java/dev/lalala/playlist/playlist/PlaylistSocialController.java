package dev.lalala.playlist.playlist;

import dev.lalala.defaults.problem.ProblemResponses;
import dev.lalala.defaults.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Collaborators (invited by the owner) and likes of other people's playlists. */
@RestController
@Tag(name = "Playlist collaborators and likes")
class PlaylistSocialController {

    private final Playlists playlists;

    PlaylistSocialController(Playlists playlists) {
        this.playlists = playlists;
    }

    @PostMapping("/api/playlists/{id}/collaborators")
    @Operation(summary = "Invite a collaborator (owner only)",
            description = "Collaborators add, move and remove songs; they cannot rename, delete or change "
                    + "visibility. At most 50 per playlist.")
    @ApiResponse(responseCode = "204", description = "The user collaborates (already did: the same)")
    @ProblemResponses.BadRequest
    @ProblemResponses.Forbidden
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    ResponseEntity<Void> invite(@PathVariable UUID id, @Valid @RequestBody PlaylistRequests.NewCollaborator request,
            Authentication authentication) {
        playlists.addCollaborator(CurrentUser.of(authentication).id(), id, request.userId());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/api/playlists/{id}/collaborators/{userId}")
    @Operation(summary = "Remove a collaborator (owner), or leave (the collaborator)")
    @ApiResponse(responseCode = "204", description = "Not a collaborator any more")
    @ProblemResponses.Forbidden
    @ProblemResponses.NotFound
    ResponseEntity<Void> removeCollaborator(@PathVariable UUID id, @PathVariable UUID userId,
            Authentication authentication) {
        playlists.removeCollaborator(CurrentUser.of(authentication).id(), id, userId);
        return ResponseEntity.noContent().build();
    }

    @PutMapping("/api/playlists/{id}/like")
    @Operation(summary = "Like (save) someone else's playlist", description = "Idempotent. 409 for your own.")
    @ApiResponse(responseCode = "204", description = "Liked")
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    ResponseEntity<Void> like(@PathVariable UUID id, Authentication authentication) {
        playlists.like(CurrentUser.of(authentication).id(), id);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/api/playlists/{id}/like")
    @Operation(summary = "Unlike", description = "Idempotent.")
    @ApiResponse(responseCode = "204", description = "Not liked")
    ResponseEntity<Void> unlike(@PathVariable UUID id, Authentication authentication) {
        playlists.unlike(CurrentUser.of(authentication).id(), id);
        return ResponseEntity.noContent().build();
    }
}
