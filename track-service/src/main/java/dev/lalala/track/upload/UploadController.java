package dev.lalala.track.upload;

import dev.lalala.defaults.security.CurrentUser;
import dev.lalala.defaults.problem.ProblemResponses;
import dev.lalala.track.track.TrackRepository;
import dev.lalala.track.track.TrackView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** Uploading a song. */
@RestController
@Tag(name = "Tracks")
class UploadController {

    private final Uploads uploads;
    private final TrackRepository tracks;

    UploadController(Uploads uploads, TrackRepository tracks) {
        this.uploads = uploads;
        this.tracks = tracks;
    }

    @PostMapping(path = "/api/tracks", consumes = MediaType.MULTIPART_FORM_DATA_VALUE, produces = "application/json")
    @Operation(summary = "Upload a song",
            description = """
                    multipart/form-data: part `file` (MP3, WAV, FLAC, OGG Vorbis/Opus or M4A/AAC, at most 200 MB and \
                    20 minutes), fields `title` (default: the file's title tag, else its name), `genre` (an id of \
                    GET /api/tracks/genres), `tags` (repeated or comma-separated, at most 10), `description`, \
                    `visibility` (PUBLIC, UNLISTED or PRIVATE; default PUBLIC), optional part `cover` (an image). \
                    Answered at once with 202: processing runs in the background; follow it with \
                    GET /api/tracks/{id}/progress (server-sent events) or by polling GET /api/tracks/{id}. Only users \
                    with a verified email address may upload.""")
    @ApiResponse(responseCode = "202", description = "Received; status PROCESSING")
    @ProblemResponses.BadRequest
    @ApiResponse(responseCode = "403", description = "Email address not verified (type email-not-verified)")
    @ApiResponse(responseCode = "413", description = "The file or the cover is too large")
    ResponseEntity<TrackView> upload(
            Authentication authentication,
            @RequestPart(name = "file", required = false) MultipartFile file,
            @RequestPart(name = "cover", required = false) MultipartFile cover,
            @RequestParam(required = false) String title,
            @RequestParam(required = false) String genre,
            @RequestParam(required = false) List<String> tags,
            @RequestParam(required = false) String description,
            @RequestParam(required = false) String visibility) {
        CurrentUser user = CurrentUser.of(authentication);
        UUID id = uploads.upload(user, file, new Uploads.Form(title, genre, tags, description, visibility), cover);
        TrackView view = TrackView.of(tracks.findById(id).orElseThrow(), true);
        return ResponseEntity.accepted().location(URI.create("/api/tracks/" + id)).body(view);
    }
}
