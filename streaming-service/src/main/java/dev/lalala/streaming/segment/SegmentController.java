package dev.lalala.streaming.segment;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.streaming.blob.BlobStore;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Segments over plain HTTP, for players that know nothing of the WebSocket protocol. A segment never changes once
 * made, so it is cached for a year by browsers and CDNs, and revalidated by its strong ETag.
 */
@RestController
@Tag(name = "segments", description = "FLAC segments over plain HTTP")
public class SegmentController {

    public static final MediaType AUDIO_FLAC = MediaType.parseMediaType("audio/flac");

    /** No segment of 5 s of 16-bit stereo is anywhere near this; a bigger file is not a segment. */
    static final long MAX_SEGMENT_BYTES = 16L * 1024 * 1024;

    /** A year, the longest RFC 9111 asks caches to honour; immutable: never revalidate while fresh. */
    static final String IMMUTABLE = "public, max-age=31536000, immutable";

    private final BlobStore blobs;

    public SegmentController(BlobStore blobs) {
        this.blobs = blobs;
    }

    @GetMapping("/api/stream/tracks/{id}/segments/{n}")
    @Operation(summary = "One segment of a song, as a complete FLAC file",
            description = "Immutable: Cache-Control public, max-age one year, immutable, and a strong ETag; "
                    + "If-None-Match with that ETag answers 304 without a body.")
    @ApiResponse(responseCode = "200", description = "The segment",
            content = @Content(mediaType = "audio/flac", schema = @Schema(type = "string", format = "binary")))
    @ApiResponse(responseCode = "304", description = "The client's copy (If-None-Match) is current")
    @ApiResponse(responseCode = "400", description = "id is not a UUID, or n is not in 0..99999")
    @ApiResponse(responseCode = "404", description = "No such track, or the track has fewer segments")
    public Mono<ResponseEntity<byte[]>> segment(
            @Parameter(description = "The track id") @PathVariable UUID id,
            @Parameter(description = "The segment index, from 0") @PathVariable int n,
            @RequestHeader(name = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
        if (n < 0 || n > SegmentLayout.MAX_INDEX) {
            return Mono.error(ApiException.badRequest("invalid-segment",
                    "n must be between 0 and " + SegmentLayout.MAX_INDEX + "."));
        }
        return blobs.read(SegmentLayout.segmentKey(id, n), MAX_SEGMENT_BYTES)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("segment", n + " of track " + id)))
                .map(bytes -> {
                    String etag = ETags.strong(bytes);
                    if (ETags.noneMatchHits(ifNoneMatch, etag)) {
                        return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).header(HttpHeaders.CACHE_CONTROL, IMMUTABLE)
                                .build();
                    }
                    return ResponseEntity.ok().eTag(etag).header(HttpHeaders.CACHE_CONTROL, IMMUTABLE).contentType(AUDIO_FLAC)
                            .body(bytes);
                });
    }
}
