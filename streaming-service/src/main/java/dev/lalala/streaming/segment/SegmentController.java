package dev.lalala.streaming.segment;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.events.audio.AudioLayout;
import dev.lalala.streaming.audio.PlayableTracks;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.defaults.problem.Problems;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.UUID;
import org.springframework.core.io.Resource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;
import dev.lalala.streaming.blob.ReactiveBlobs;

/**
 * Audio over plain HTTP, for players that know nothing of the WebSocket protocol: single segments (immutable, strong
 * ETag) and the whole track as one FLAC with Range requests, so that an {@code <audio>} element or ffplay can play and
 * seek it. Private tracks need the owner's {@code Authorization: Bearer} token.
 */
@RestController
@Tag(name = "segments", description = "FLAC audio over plain HTTP")
public class SegmentController {

    public static final MediaType AUDIO_FLAC = MediaType.parseMediaType("audio/flac");

    private final PlayableTracks tracks;
    private final SegmentCache segments;
    private final ReactiveBlobs blobs;

    public SegmentController(PlayableTracks tracks, SegmentCache segments, ReactiveBlobs blobs) {
        this.tracks = tracks;
        this.segments = segments;
        this.blobs = blobs;
    }

    @GetMapping("/api/stream/tracks/{id}/segments/{n}")
    @Operation(summary = "One segment of a song, as a complete FLAC file",
            description = "Immutable: Cache-Control max-age one year, immutable (public, or private for a private "
                    + "track), and a strong ETag; If-None-Match with that ETag answers 304 without a body.")
    @ApiResponse(responseCode = "200", description = "The segment",
            content = @Content(mediaType = "audio/flac", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "304", description = "The client's copy (If-None-Match) is current")
    @ApiResponse(responseCode = "400", description = "id is not a UUID, or n is not in 0..99999")
    @ApiResponse(responseCode = "401", description = "A private track, and no token")
    @ApiResponse(responseCode = "403", description = "A private track of someone else")
    @ApiResponse(responseCode = "404", description = "No such (playable) track, or the track has fewer segments")
    public Mono<ResponseEntity<ByteBuffer>> segment(
            @Parameter(description = "The track id") @PathVariable UUID id,
            @Parameter(description = "The segment index, from 0") @PathVariable int n,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch,
            @AuthenticationPrincipal Jwt caller) {
        if (n < 0 || n > AudioLayout.MAX_SEGMENT_INDEX) {
            return Mono.error(ApiException.badRequest("invalid-segment",
                    "n must be between 0 and " + AudioLayout.MAX_SEGMENT_INDEX + "."));
        }
        return tracks.require(id, caller).flatMap(manifest -> {
            if (n >= manifest.segmentCount()) {
                return Mono.error(ApiException.notFound("segment", n + " of track " + id));
            }
            String cacheControl = PlayableTracks.cacheControl(manifest);
            return segments.get(id, n)
                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("segment", n + " of track " + id)))
                    .map(segment -> {
                        if (ETags.noneMatchHits(ifNoneMatch, segment.etag())) {
                            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(segment.etag())
                                    .header(HttpHeaders.CACHE_CONTROL, cacheControl).build();
                        }
                        return ResponseEntity.ok().eTag(segment.etag()).header(HttpHeaders.CACHE_CONTROL, cacheControl)
                                .contentType(AUDIO_FLAC).body(segment.view());
                    });
        });
    }

    @GetMapping("/api/stream/tracks/{id}/track.flac")
    @Operation(summary = "The whole song as one FLAC file, with Range requests",
            description = "Accept-Ranges: bytes; a Range answers 206 with Content-Range, an unsatisfiable one 416. "
                    + "The file goes to the socket as a zero-copy file region.")
    @ApiResponse(responseCode = "200", description = "The whole track",
            content = @Content(mediaType = "audio/flac", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "206", description = "The requested byte range(s)")
    @ApiResponse(responseCode = "401", description = "A private track, and no token")
    @ApiResponse(responseCode = "403", description = "A private track of someone else")
    @ApiResponse(responseCode = "404", description = "No such (playable) track")
    @ApiResponse(responseCode = "416", description = "The range is outside the file (or malformed): "
            + "Content-Range: bytes */LENGTH and a problem of type range-not-satisfiable")
    public Mono<ResponseEntity<?>> wholeTrack(
            @Parameter(description = "The track id") @PathVariable UUID id,
            @RequestHeader(name = HttpHeaders.RANGE, required = false) String range,
            @AuthenticationPrincipal Jwt caller, ServerHttpResponse response) {
        String key = AudioLayout.wholeTrackKey(id);
        // A file of the local store: Spring's ResourceHttpMessageWriter answers Range (206, multipart for several
        // ranges) and sends it with zero-copy (FileChannel.transferTo through Netty's DefaultFileRegion). Its 416 says
        // nothing (no Content-Range, no body), so unsatisfiable ranges are answered here before it sees them.
        // A remote store (S3): ranged reads, see RemoteRanges.
        return tracks.require(id, caller).flatMap(manifest -> {
            HttpHeaders headers = new HttpHeaders();
            headers.setCacheControl(PlayableTracks.cacheControl(manifest));
            headers.setContentType(AUDIO_FLAC);
            if (blobs.isLocal()) {
                return blobs.file(key).<ResponseEntity<?>>map(file -> {
                            requireSatisfiable(range, file);
                            return ResponseEntity.ok().headers(headers).body(file);
                        })
                        .switchIfEmpty(Mono.error(() -> ApiException.notFound("track", id)));
            }
            // Written here: a ResponseEntity<?> holding a Flux has no encoder for its (unknown) element type.
            return RemoteRanges.serve(blobs, key, range, headers)
                    .switchIfEmpty(Mono.error(() -> ApiException.notFound("track", id)))
                    .flatMap(remote -> RemoteRanges.write(remote, response))
                    .then(Mono.empty());
        });
    }

    /**
     * Throws {@link RangeNotSatisfiable} for a Range header Spring would refuse (malformed, starting past the end,
     * more ranges or bytes than the file): the same checks as its writer, {@link HttpRange#toResourceRegions}.
     */
    static void requireSatisfiable(String range, Resource file) {
        if (range == null || range.isBlank()) {
            return;
        }
        long length;
        try {
            length = file.contentLength();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            HttpRange.toResourceRegions(HttpRange.parseRanges(range), file);
        } catch (IllegalArgumentException e) {
            throw new RangeNotSatisfiable(length);
        }
    }

    /** A Range outside the file: the answer names the file's length, as RFC 9110 (15.5.17) asks. */
    static final class RangeNotSatisfiable extends RuntimeException {

        final long length;

        RangeNotSatisfiable(long length) {
            super("range not satisfiable", null, false, false);
            this.length = length;
        }
    }

    @ExceptionHandler(RangeNotSatisfiable.class)
    ResponseEntity<ProblemDetail> rangeNotSatisfiable(RangeNotSatisfiable e, ServerHttpRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE,
                "The range is outside the file: it has " + e.length + " bytes (0-" + (e.length - 1) + ").");
        problem.setType(ProblemTypes.of("range-not-satisfiable"));
        problem.setTitle("Range not satisfiable");
        problem.setInstance(request.getURI().getRawPath() == null ? null : URI.create(request.getURI().getRawPath()));
        problem.setProperty("length", e.length);
        return ResponseEntity.status(HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE)
                .header(HttpHeaders.CONTENT_RANGE, "bytes */" + e.length)
                .contentType(Problems.PROBLEM_JSON)
                .body(problem);
    }
}
