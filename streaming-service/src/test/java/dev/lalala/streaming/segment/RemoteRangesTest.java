package dev.lalala.streaming.segment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.blob.BlobStore;
import dev.lalala.blob.FilesystemBlobStore;
import dev.lalala.streaming.blob.ReactiveBlobs;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import reactor.core.publisher.Flux;

/** The whole track from a remote store: Range answered with ranged reads (200, 206, 416 with bytes STAR/LENGTH). */
class RemoteRangesTest {

    @TempDir
    Path temp;

    byte[] flac;
    ReactiveBlobs remote;

    @BeforeEach
    void store() throws IOException {
        flac = new byte[100_000];
        new Random(1).nextBytes(flac);
        FilesystemBlobStore files = new FilesystemBlobStore(temp);
        files.put("tracks/t/track.flac", flac);
        // The same store seen as a remote one: no local file to send with zero copy.
        BlobStore noFiles = (BlobStore) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BlobStore.class},
                (proxy, method, args) -> method.getName().equals("file") ? Optional.empty() : invoke(files, method, args));
        remote = new ReactiveBlobs(noFiles);
        assertThat(remote.isLocal()).isFalse();
    }

    private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Test
    void theWholeBlobWithoutRange() {
        ResponseEntity<Flux<DataBuffer>> response = serve(null);
        assertThat(response.getStatusCode().value()).isEqualTo(200);
        assertThat(response.getHeaders().getContentLength()).isEqualTo(flac.length);
        assertThat(response.getHeaders().getFirst(HttpHeaders.ACCEPT_RANGES)).isEqualTo("bytes");
        assertThat(response.getHeaders().getCacheControl()).isEqualTo("public, max-age=60");
        assertThat(body(response)).isEqualTo(flac);
    }

    @Test
    void oneRange() {
        ResponseEntity<Flux<DataBuffer>> response = serve("bytes=100-4195");
        assertThat(response.getStatusCode().value()).isEqualTo(206);
        assertThat(response.getHeaders().getFirst(HttpHeaders.CONTENT_RANGE)).isEqualTo("bytes 100-4195/100000");
        assertThat(response.getHeaders().getContentLength()).isEqualTo(4096);
        assertThat(body(response)).isEqualTo(Arrays.copyOfRange(flac, 100, 4196));

        ResponseEntity<Flux<DataBuffer>> suffix = serve("bytes=-10");
        assertThat(suffix.getHeaders().getFirst(HttpHeaders.CONTENT_RANGE)).isEqualTo("bytes 99990-99999/100000");
        assertThat(body(suffix)).isEqualTo(Arrays.copyOfRange(flac, 99_990, 100_000));

        ResponseEntity<Flux<DataBuffer>> open = serve("bytes=99000-");
        assertThat(body(open)).isEqualTo(Arrays.copyOfRange(flac, 99_000, 100_000));
    }

    @Test
    void aRangePastTheEndIs416WithTheLength() {
        // Answered by SegmentController's handler as the local store's are: 416, Content-Range: bytes */100000, a problem.
        assertThatThrownBy(() -> serve("bytes=100000-"))
                .isInstanceOfSatisfying(SegmentController.RangeNotSatisfiable.class,
                        e -> assertThat(e.length).isEqualTo(100000));
    }

    @Test
    void severalRangesOrAMalformedOneGetTheWholeBlob() {
        assertThat(serve("bytes=0-9,20-29").getStatusCode().value()).isEqualTo(200);
        assertThat(body(serve("bytes=nonsense"))).isEqualTo(flac);
    }

    @Test
    void theAnswerIsWrittenToTheResponse() {
        org.springframework.mock.http.server.reactive.MockServerHttpResponse response =
                new org.springframework.mock.http.server.reactive.MockServerHttpResponse();
        RemoteRanges.write(serve("bytes=10-19"), response).block();
        assertThat(response.getStatusCode().value()).isEqualTo(206);
        assertThat(response.getHeaders().getFirst(HttpHeaders.CONTENT_RANGE)).isEqualTo("bytes 10-19/100000");
        assertThat(response.getHeaders().getCacheControl()).isEqualTo("public, max-age=60");
        assertThat(body(ResponseEntity.ok(response.getBody()))).isEqualTo(Arrays.copyOfRange(flac, 10, 20));
    }

    @Test
    void noBlobIsEmpty() {
        assertThat(RemoteRanges.serve(remote, "tracks/none/track.flac", null, new HttpHeaders()).blockOptional()).isEmpty();
    }

    private ResponseEntity<Flux<DataBuffer>> serve(String range) {
        HttpHeaders headers = new HttpHeaders();
        headers.setCacheControl("public, max-age=60");
        return RemoteRanges.serve(remote, "tracks/t/track.flac", range, headers).block();
    }

    private static byte[] body(ResponseEntity<Flux<DataBuffer>> response) {
        List<byte[]> chunks = response.getBody().map(buffer -> {
            byte[] bytes = new byte[buffer.readableByteCount()];
            buffer.read(bytes);
            DataBufferUtils.release(buffer);
            return bytes;
        }).collectList().block();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        chunks.forEach(out::writeBytes);
        return out.toByteArray();
    }

}
