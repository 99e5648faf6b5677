package dev.lalala.track.upload;

import dev.lalala.defaults.security.CurrentUser;
import dev.lalala.defaults.problem.ProblemResponses;
import dev.lalala.track.track.TrackFields;
import dev.lalala.track.track.Track;
import dev.lalala.track.track.TrackView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** Uploading a song. */
@RestController
@Tag(name = "Tracks")
class UploadController {

    private final Uploads uploads;

    UploadController(Uploads uploads) {
        this.uploads = uploads;
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
                    with a verified email address may upload. 400 also for a video (type video-not-accepted: upload the \
                    audio only; cover art inside an audio file is fine), a part or field sent twice, and control \
                    characters in the title or tags (tabs and line breaks are fine in the description only).""")
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
            @RequestParam(required = false) String visibility,
            MultipartHttpServletRequest request) {
        refuseRepeatedParts(request);
        CurrentUser user = CurrentUser.of(authentication);
        Track track = uploads.upload(user, file, new Uploads.Form(title, genre, tags, description, visibility), cover);
        return ResponseEntity.accepted().location(URI.create("/api/tracks/" + track.id()))
                .body(TrackView.of(track, true));
    }

    /**
     * Spring binds the first of several parts with one name and drops the rest without a word: one song per upload,
     * so a second {@code file} (or cover, or title...) is a 400 rather than a song silently lost.
     */
    private static void refuseRepeatedParts(MultipartHttpServletRequest request) {
        TrackFields fields = new TrackFields();
        request.getMultiFileMap().forEach((name, parts) -> {
            if (!FILE_PARTS.contains(name)) {
                fields.error(name, "unexpected file part: send the audio as 'file' and the image as 'cover'");
            } else if (parts.size() > 1) {
                fields.error(name, "sent " + parts.size() + " times: upload one song (and one cover) per request");
            }
        });
        for (String name : SINGLE_FIELDS) {
            String[] values = request.getParameterValues(name);
            if (values != null && values.length > 1) {
                fields.error(name, "sent " + values.length + " times: send it once");
            }
        }
        fields.check();
    }

    private static final Set<String> FILE_PARTS = Set.of("file", "cover");
    private static final List<String> SINGLE_FIELDS = List.of("title", "genre", "description", "visibility");
}
