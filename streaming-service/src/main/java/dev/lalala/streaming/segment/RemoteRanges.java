package dev.lalala.streaming.segment;

import dev.lalala.streaming.blob.ReactiveBlobs;
import java.util.List;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpRange;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpResponse;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A blob in a remote store (S3) with {@code Range}, read as ranged GETs on the bounded-elastic scheduler. Spring's
 * resource writer would read a non-file resource from its start and skip, blocking the event loop; a file of the
 * local store still goes through that writer with zero copy. One range per request (several: the whole blob, which
 * RFC 9110 allows).
 */
final class RemoteRanges {

    private RemoteRanges() {
    }

    /** Writes the answer of {@link #serve} to the response. */
    static Mono<Void> write(ResponseEntity<Flux<DataBuffer>> answer, ServerHttpResponse response) {
        response.setStatusCode(answer.getStatusCode());
        response.getHeaders().putAll(answer.getHeaders());
        return response.writeWith(answer.getBody());
    }

    static Mono<ResponseEntity<Flux<DataBuffer>>> serve(ReactiveBlobs blobs, String key, String rangeHeader,
            HttpHeaders headers) {
        return blobs.size(key).map(size -> {
            List<HttpRange> ranges;
            try {
                ranges = rangeHeader == null ? List.of() : HttpRange.parseRanges(rangeHeader);
            } catch (IllegalArgumentException e) {
                ranges = List.of();
            }
            HttpHeaders out = new HttpHeaders();
            out.addAll(headers);
            out.set(HttpHeaders.ACCEPT_RANGES, "bytes");
            if (ranges.size() != 1) {
                out.setContentLength(size);
                return ResponseEntity.ok().headers(out).body(size == 0 ? Flux.<DataBuffer>empty()
                        : blobs.stream(key, 0, size));
            }
            long start;
            long end;
            try {
                start = ranges.getFirst().getRangeStart(size);
                end = ranges.getFirst().getRangeEnd(size);
            } catch (IllegalArgumentException e) {
                start = size;
                end = size;
            }
            if (start >= size || end < start) {
                // Answered as the local store's are: 416, Content-Range: bytes */LENGTH and a problem.
                throw new SegmentController.RangeNotSatisfiable(size);
            }
            long length = end - start + 1;
            out.set(HttpHeaders.CONTENT_RANGE, "bytes " + start + "-" + end + "/" + size);
            out.setContentLength(length);
            return ResponseEntity.status(HttpStatus.PARTIAL_CONTENT).headers(out).body(blobs.stream(key, start, length));
        });
    }
}
