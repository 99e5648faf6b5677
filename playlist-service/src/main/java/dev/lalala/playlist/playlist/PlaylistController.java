package dev.lalala.playlist.playlist;

import dev.lalala.defaults.paging.CursorPage;
import dev.lalala.defaults.paging.Cursors;
import dev.lalala.defaults.paging.TimeIdCursor;
import dev.lalala.defaults.problem.ProblemResponses;
import dev.lalala.defaults.security.CurrentUser;
import dev.lalala.defaults.security.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Playlists: create, show, change, delete, and the lists of them. */
@RestController
@Tag(name = "Playlists")
class PlaylistController {

    private final Playlists playlists;

    PlaylistController(Playlists playlists) {
        this.playlists = playlists;
    }

    @PostMapping(path = "/api/playlists", produces = "application/json")
    @Operation(summary = "Create a playlist", description = "name 1..100, description up to 1000, visibility "
            + "PUBLIC (default), UNLISTED or PRIVATE. A user keeps at most 1,000 playlists (409).")
    @ApiResponse(responseCode = "201", description = "The new playlist")
    @ProblemResponses.BadRequest
    @ProblemResponses.Conflict
    ResponseEntity<PlaylistView> create(@Valid @RequestBody PlaylistRequests.NewPlaylist request,
            Authentication authentication) {
        CurrentUser user = CurrentUser.of(authentication);
        Playlist created = playlists.create(user.id(), request);
        return ResponseEntity.created(URI.create("/api/playlists/" + created.id()))
                .body(playlists.show(created.id(), Optional.of(user.id())));
    }

    @GetMapping(path = "/api/playlists/{id}", produces = "application/json")
    @Operation(summary = "A playlist with its songs in order",
            description = """
                    Public and unlisted playlists are seen by anyone; a private one by its owner and collaborators \
                    only (with a token), anyone else gets 404, as for a playlist that does not exist.""")
    @ApiResponse(responseCode = "200", description = "The playlist and its songs in order")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    PlaylistView playlist(@PathVariable UUID id) {
        return playlists.show(id, Viewer.current());
    }

    @PatchMapping(path = "/api/playlists/{id}", produces = "application/json")
    @Operation(summary = "Change name, description, visibility or cover (owner only)",
            description = "Only the fields sent change. coverTrackId must be a song in the playlist; null: the "
                    + "first song's cover. Collaborators get 403; others 404 on a private list, else 403.")
    @ApiResponse(responseCode = "200", description = "The playlist as it now stands")
    @ProblemResponses.BadRequest
    @ProblemResponses.Forbidden
    @ProblemResponses.NotFound
    PlaylistView change(@PathVariable UUID id, @RequestBody PlaylistRequests.PlaylistChange change,
            Authentication authentication) {
        CurrentUser user = CurrentUser.of(authentication);
        playlists.change(user.id(), id, change);
        return playlists.show(id, Optional.of(user.id()));
    }

    @DeleteMapping("/api/playlists/{id}")
    @Operation(summary = "Delete a playlist (owner only)")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ProblemResponses.Forbidden
    @ProblemResponses.NotFound
    ResponseEntity<Void> delete(@PathVariable UUID id, Authentication authentication) {
        playlists.delete(CurrentUser.of(authentication).id(), id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/api/users/{userId}/playlists", produces = "application/json")
    @Operation(summary = "A user's public playlists",
            description = "Newest first, without their songs, paged with an opaque cursor. Public.")
    @ApiResponse(responseCode = "200", description = "One page; nextCursor is absent on the last one")
    @ProblemResponses.BadRequest
    CursorPage<PlaylistSummaryView> ofUser(@PathVariable UUID userId,
            @RequestParam(required = false) @Parameter(description = "Page size, 1 to 100 (default 20)") Integer limit,
            @RequestParam(required = false) @Parameter(description = "nextCursor of the previous page") String cursor) {
        return playlists.publicByOwner(userId, TimeIdCursor.decode(cursor), Cursors.limit(limit));
    }

    @GetMapping(path = "/api/playlists", produces = "application/json")
    @Operation(summary = "A user's public playlists (the same as /api/users/{owner}/playlists)")
    @ApiResponse(responseCode = "200", description = "One page; nextCursor is absent on the last one")
    @ProblemResponses.BadRequest
    CursorPage<PlaylistSummaryView> byOwner(@RequestParam UUID owner,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return ofUser(owner, limit, cursor);
    }

    @GetMapping(path = "/api/me/playlists", produces = "application/json")
    @Operation(summary = "The caller's playlists: their own and those they collaborate on",
            description = "Any visibility, newest first, paged; role says OWNER or COLLABORATOR.")
    @ApiResponse(responseCode = "200", description = "One page; nextCursor is absent on the last one")
    @ProblemResponses.BadRequest
    CursorPage<PlaylistSummaryView> mine(Authentication authentication,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return playlists.mine(CurrentUser.of(authentication).id(), TimeIdCursor.decode(cursor),
                Cursors.limit(limit));
    }

    @GetMapping(path = "/api/me/playlists/liked", produces = "application/json")
    @Operation(summary = "Playlists the caller liked (saved), most recently liked first",
            description = "A liked playlist made private by its owner drops out of the list.")
    @ApiResponse(responseCode = "200", description = "One page; nextCursor is absent on the last one")
    @ProblemResponses.BadRequest
    CursorPage<PlaylistSummaryView> liked(Authentication authentication,
            @RequestParam(required = false) Integer limit, @RequestParam(required = false) String cursor) {
        return playlists.liked(CurrentUser.of(authentication).id(), TimeIdCursor.decode(cursor),
                Cursors.limit(limit));
    }
}
