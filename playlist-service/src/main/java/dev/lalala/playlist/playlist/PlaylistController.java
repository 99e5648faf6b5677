package dev.lalala.playlist.playlist;

import dev.lalala.defaults.paging.TimeIdCursor;
import dev.lalala.defaults.paging.CursorPage;
import dev.lalala.defaults.paging.Cursors;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.ProblemResponses;
import dev.lalala.defaults.security.Viewer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Optional;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading playlists. */
@RestController
@RequestMapping(path = "/api/playlists", produces = "application/json")
@Tag(name = "Playlists")
class PlaylistController {

    private final PlaylistRepository playlists;

    PlaylistController(PlaylistRepository playlists) {
        this.playlists = playlists;
    }

    @GetMapping("/{id}")
    @Operation(summary = "A playlist with its songs",
            description = """
                    Public playlists are seen by anyone; a private one by its owner only (with a token), anyone \
                    else gets 404, as for a playlist that does not exist.""")
    @ApiResponse(responseCode = "200", description = "The playlist and its songs in order")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    PlaylistView playlist(@PathVariable UUID id) {
        Optional<UUID> viewer = Viewer.current();
        Playlist playlist = playlists.findById(id)
                .filter(p -> p.visibleTo(viewer))
                .orElseThrow(() -> ApiException.notFound("Playlist", id));
        return PlaylistView.of(playlist, playlists.items(id), viewer);
    }

    @GetMapping
    @Operation(summary = "A user's public playlists",
            description = "Newest first, without their songs, paged with an opaque cursor. Public.")
    @ApiResponse(responseCode = "200", description = "One page; nextCursor is absent on the last one")
    @ProblemResponses.BadRequest
    CursorPage<PlaylistSummaryView> byOwner(
            @RequestParam @Parameter(description = "The owner's user id") UUID owner,
            @RequestParam(required = false) @Parameter(description = "Page size, 1 to 100 (default 20)") Integer limit,
            @RequestParam(required = false) @Parameter(description = "nextCursor of the previous page") String cursor) {
        int size = Cursors.limit(limit);
        TimeIdCursor after = TimeIdCursor.decode(cursor);
        return CursorPage.of(playlists.findPublicByOwner(owner, after, size + 1), size,
                        p -> new TimeIdCursor(p.createdAt(), p.id()).encode())
                .map(PlaylistSummaryView::of);
    }
}
