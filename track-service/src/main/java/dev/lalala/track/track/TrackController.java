package dev.lalala.track.track;

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
import dev.lalala.defaults.security.CurrentUser;
import dev.lalala.events.audio.AudioLayout;
import dev.lalala.blob.BlobStore;
import dev.lalala.track.genre.Genre;
import dev.lalala.track.pipeline.Covers;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.core.io.InputStreamResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Reading songs. */
@RestController
@RequestMapping(path = "/api/tracks")
@Tag(name = "Tracks", description = "Songs and their metadata")
class TrackController {

    private final TrackRepository tracks;
    private final TrackEditing editing;
    private final BlobStore blobs;
    private final TrackEditing.CoverImages covers;

    TrackController(TrackRepository tracks, TrackEditing editing, BlobStore blobs, TrackEditing.CoverImages covers) {
        this.tracks = tracks;
        this.editing = editing;
        this.blobs = blobs;
        this.covers = covers;
    }

    @PatchMapping(path = "/{id}", consumes = "application/json")
    @Operation(summary = "Edit a song (owner only)",
            description = "Any of title, genre, tags, description, visibility; absent fields stay as they are.")
    @ApiResponse(responseCode = "200", description = "The song as it now is")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ApiResponse(responseCode = "403", description = "Not the owner")
    TrackView edit(@PathVariable UUID id, @RequestBody TrackEditing.Changes changes, Authentication authentication) {
        return TrackView.of(editing.edit(CurrentUser.of(authentication), id, changes), true);
    }

    @PutMapping(path = "/{id}/cover", consumes = "multipart/form-data")
    @Operation(summary = "Replace the cover (owner only)", description = "multipart part `cover`: an image.")
    @ApiResponse(responseCode = "200", description = "The song with its new cover")
    @ProblemResponses.BadRequest
    @ProblemResponses.NotFound
    @ApiResponse(responseCode = "403", description = "Not the owner")
    TrackView replaceCover(@PathVariable UUID id, @RequestPart("cover") MultipartFile cover,
            Authentication authentication) throws IOException {
        try (InputStream image = cover.getInputStream()) {
            return TrackView.of(editing.replaceCover(CurrentUser.of(authentication), id, covers, image), true);
        }
    }

    @PutMapping(path = "/{id}/cover", consumes = {"image/jpeg", "image/png", "image/gif", "image/bmp"})
    @Operation(summary = "Replace the cover with the request body (owner only)")
    TrackView replaceCoverRaw(@PathVariable UUID id, HttpServletRequest request, Authentication authentication)
            throws IOException {
        try (InputStream image = request.getInputStream()) {
            return TrackView.of(editing.replaceCover(CurrentUser.of(authentication), id, covers, image), true);
        }
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a song (owner only)", description = "Its rows and all its files go.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ProblemResponses.NotFound
    @ApiResponse(responseCode = "403", description = "Not the owner")
    ResponseEntity<Void> delete(@PathVariable UUID id, Authentication authentication) {
        editing.delete(CurrentUser.of(authentication), id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping(path = "/{id}/cover/{size}.jpg", produces = "image/jpeg")
    @Operation(summary = "A song's cover, 300 or 1200 px square")
    @ProblemResponses.NotFound
    ResponseEntity<Resource> cover(@PathVariable UUID id, @PathVariable int size) throws IOException {
        TrackAccess track = tracks.findAccess(id)
                .filter(t -> t.visibleTo(Viewer.current()) && t.hasCover())
                .orElseThrow(() -> ApiException.notFound("Cover of track", id));
        if (!Covers.SIZES.contains(size)) {
            throw ApiException.notFound("Cover size", size);
        }
        String key = AudioLayout.coverKey(track.id(), size);
        if (!blobs.exists(key)) {
            throw ApiException.notFound("Cover of track", id);
        }
        return ResponseEntity.ok().contentType(MediaType.IMAGE_JPEG)
                .cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)))
                .body(new InputStreamResource(blobs.open(key)));
    }

    @GetMapping(path = "/latest", produces = "application/json")
    @Operation(summary = "The newest songs",
            description = "Everyone's public published songs, newest first, optionally of one genre; paged with an "
                    + "opaque cursor. What the home page shows beside the charts.")
    @ApiResponse(responseCode = "200", description = "One page; nextCursor is absent on the last one")
    @ProblemResponses.BadRequest
    CursorPage<TrackView> latest(
            @RequestParam(required = false) @Parameter(description = "A genre id from GET /api/tracks/genres")
            String genre,
            @RequestParam(required = false) @Parameter(description = "Page size, 1 to 100 (default 20)") Integer limit,
            @RequestParam(required = false) @Parameter(description = "nextCursor of the previous page") String cursor) {
        if (genre != null && Genre.byId(genre).isEmpty()) {
            throw ApiException.badRequest("unknown-genre",
                    "There is no genre '" + genre + "'; GET /api/tracks/genres lists them.");
        }
        int size = Cursors.limit(limit);
        TimeIdCursor after = TimeIdCursor.decode(cursor);
        return CursorPage.of(tracks.findLatestPublished(genre, after, size + 1), size,
                        t -> new TimeIdCursor(t.publishedAt(), t.id()).encode())
                .map(t -> TrackView.of(t, false));
    }

    @GetMapping(path = "/{id}", produces = "application/json")
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

    @GetMapping(path = "/mine", produces = "application/json")
    @Operation(summary = "The caller's own songs, in any state",
            description = """
                    Every song the caller uploaded, newest upload first: processing (with stage and percent), failed \
                    (with the reason), ready; public, unlisted or private. Paged with an opaque cursor.""")
    @ApiResponse(responseCode = "200", description = "One page; nextCursor is absent on the last one")
    @ApiResponse(responseCode = "401", description = "No valid token")
    @ProblemResponses.BadRequest
    CursorPage<TrackView> mine(
            Authentication authentication,
            @RequestParam(required = false) @Parameter(description = "Page size, 1 to 100 (default 20)") Integer limit,
            @RequestParam(required = false) @Parameter(description = "nextCursor of the previous page") String cursor) {
        UUID owner = CurrentUser.of(authentication).id();
        int size = Cursors.limit(limit);
        TimeIdCursor after = TimeIdCursor.decode(cursor);
        return CursorPage.of(tracks.findAllByOwner(owner, after, size + 1), size,
                        t -> new TimeIdCursor(t.createdAt(), t.id()).encode())
                .map(t -> TrackView.of(t, true));
    }

    @GetMapping(produces = "application/json")
    @Operation(summary = "An artist's published songs",
            description = "Public songs only, newest first, paged with an opaque cursor.")
    @ApiResponse(responseCode = "200", description = "One page; nextCursor is absent on the last one")
    @ProblemResponses.BadRequest
    CursorPage<TrackView> byArtist(
            @RequestParam @Parameter(description = "The artist's user id") UUID artist,
            @RequestParam(required = false) @Parameter(description = "Page size, 1 to 100 (default 20)") Integer limit,
            @RequestParam(required = false) @Parameter(description = "nextCursor of the previous page") String cursor) {
        int size = Cursors.limit(limit);
        TimeIdCursor after = TimeIdCursor.decode(cursor);
        return CursorPage.of(tracks.findPublishedByOwner(artist, after, size + 1), size,
                        t -> new TimeIdCursor(t.publishedAt(), t.id()).encode())
                .map(t -> TrackView.of(t, false));
    }
}
