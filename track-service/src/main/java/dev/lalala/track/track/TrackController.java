package dev.lalala.track.track;

import dev.lalala.defaults.paging.CursorPage;
import dev.lalala.defaults.paging.Cursors;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.track.ProblemResponses;
import dev.lalala.track.Viewer;
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

/** Reading songs. */
@RestController
@RequestMapping(path = "/api/tracks", produces = "application/json")
@Tag(name = "Tracks", description = "Songs and their metadata")
class TrackController {

    private final TrackRepository tracks;

    TrackController(TrackRepository tracks) {
        this.tracks = tracks;
    }

    @GetMapping("/{id}")
    @Operation(summary = "A song",
            description = """
                    Public for published songs that are public or unlisted. A private or unfinished song is found by \
                    its owner only (with a token); anyone else gets 404, as for a song that does not exist.""")
    @ApiResponse(responseCode = "200", description = "The song")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    TrackView track(@PathVariable UUID id) {
        Optional<UUID> viewer = Viewer.current();
        Track track = tracks.findById(id)
                .filter(t -> t.visibleTo(viewer))
                .orElseThrow(() -> ApiException.notFound("Track", id));
        return TrackView.of(track, viewer.map(track::ownedBy).orElse(false));
    }

    @GetMapping
    @Operation(summary = "An artist's published songs",
            description = "Public songs only, newest first, paged with an opaque cursor.")
    @ApiResponse(responseCode = "200", description = "One page; nextCursor is absent on the last one")
    @ProblemResponses.BadRequest
    CursorPage<TrackView> byArtist(
            @RequestParam @Parameter(description = "The artist's user id") UUID artist,
            @RequestParam(required = false) @Parameter(description = "Page size, 1 to 100 (default 20)") Integer limit,
            @RequestParam(required = false) @Parameter(description = "nextCursor of the previous page") String cursor) {
        int size = Cursors.limit(limit);
        TrackCursor after = cursor == null ? null : TrackCursor.decode(cursor);
        return CursorPage.of(tracks.findPublishedByOwner(artist, after, size + 1), size,
                        t -> TrackCursor.after(t).encode())
                .map(t -> TrackView.of(t, false));
    }
}
