package dev.lalala.playlist.playlist;

import dev.lalala.defaults.problem.ProblemResponses;
import dev.lalala.defaults.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/** A playlist's songs: add, move, remove (owner and collaborators). */
@RestController
@Tag(name = "Playlist items")
class PlaylistItemController {

    private final PlaylistItems items;

    PlaylistItemController(PlaylistItems items) {
        this.items = items;
    }

    /** The answer to an add: the new item's id. */
    record AddedItem(UUID itemId, UUID trackId) {
    }

    @PostMapping(path = "/api/playlists/{id}/items", produces = "application/json")
    @Operation(summary = "Add a song (owner and collaborators)",
            description = """
                    The song is checked with track-service: it must be published and visible to the caller (404 \
                    otherwise). The same song may appear twice. position: index it takes (default: last). At most \
                    5,000 songs (409 playlist-full). 503 track-service-unavailable when track-service cannot \
                    answer; nothing is added then.""")
    @ApiResponse(responseCode = "201", description = "Added")
    @ApiResponse(responseCode = "503", description = "track-service cannot answer; nothing was added")
    @ProblemResponses.BadRequest
    @ProblemResponses.Forbidden
    @ProblemResponses.NotFound
    @ProblemResponses.Conflict
    ResponseEntity<AddedItem> add(@PathVariable UUID id, @Valid @RequestBody PlaylistRequests.NewItem request,
            @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization, Authentication authentication) {
        UUID itemId = items.add(CurrentUser.of(authentication).id(), authorization, id, request.trackId(),
                request.position());
        return ResponseEntity.created(URI.create("/api/playlists/" + id + "/items/" + itemId))
                .body(new AddedItem(itemId, request.trackId()));
    }

    @PatchMapping(path = "/api/playlists/{id}/items/{itemId}")
    @Operation(summary = "Move one item to another position (owner and collaborators)",
            description = "position is the index the item has after the move; past the end: last.")
    @ApiResponse(responseCode = "204", description = "Moved")
    @ProblemResponses.BadRequest
    @ProblemResponses.Forbidden
    @ProblemResponses.NotFound
    ResponseEntity<Void> move(@PathVariable UUID id, @PathVariable UUID itemId,
            @Valid @RequestBody PlaylistRequests.ItemMove request, Authentication authentication) {
        items.move(CurrentUser.of(authentication).id(), id, itemId, request.position());
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/api/playlists/{id}/items/{itemId}")
    @Operation(summary = "Remove one item (owner and collaborators)")
    @ApiResponse(responseCode = "204", description = "Removed")
    @ProblemResponses.Forbidden
    @ProblemResponses.NotFound
    ResponseEntity<Void> remove(@PathVariable UUID id, @PathVariable UUID itemId, Authentication authentication) {
        items.remove(CurrentUser.of(authentication).id(), id, itemId);
        return ResponseEntity.noContent().build();
    }
}
