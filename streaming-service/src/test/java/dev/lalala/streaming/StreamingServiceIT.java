package dev.lalala.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.events.Visibility;
import dev.lalala.events.audio.AudioLayout;
import dev.lalala.events.audio.TrackManifest;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.streaming.support.Songs;
import dev.lalala.streaming.support.StreamClient;
import dev.lalala.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * streaming-service over real HTTP and a real WebSocket, on Reactor Netty, reading a blob store on disk laid out as
 * track-service writes it (real FLAC made by ffmpeg, and manifests), with real Kafka.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@LocalInfra(Component.KAFKA)
class StreamingServiceIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path BLOBS;
    static final TestTokens TOKENS = new TestTokens();
    static Songs.Song SONG;

    static {
        try {
            BLOBS = Files.createTempDirectory("lalala-blobs-");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("lalala.blob.filesystem.root", BLOBS::toString);
        registry.add("lalala.security.jwk-set-uri", TOKENS::jwkSetUri);
        registry.add("lalala.streaming.manifest-ttl", () -> "1s");
    }

    @BeforeAll
    static void makeSong() {
        SONG = Songs.make(song(), 12.3, 7);
    }

    @AfterAll
    static void removeBlobs() {
        FileSystemUtils.deleteRecursively(BLOBS.toFile());
        FileSystemUtils.deleteRecursively(song().toFile());
        TOKENS.close();
    }

    static Path song() {
        return BLOBS.resolveSibling(BLOBS.getFileName() + "-song");
    }

    @LocalServerPort
    int port;

    final HttpClient http = HttpClient.newHttpClient();

    // ---- probes, metrics, docs, stack ----

    @Test
    void readinessIsUpAndIncludesTheBlobStore() throws Exception {
        HttpResponse<String> response = get("/actuator/health/readiness");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode health = JSON.readTree(response.body());
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("blobStore").path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("blobStore").path("details").path("location").asString())
                .isEqualTo(BLOBS.toAbsolutePath().normalize().toString());
        assertThat(health.path("components").path("readinessState").path("status").asString()).isEqualTo("UP");
    }

    @Test
    void livenessIsUp() throws Exception {
        HttpResponse<String> response = get("/actuator/health/liveness");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusMetricsAreExposed() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("application=\"streaming-service\"");
    }

    @Test
    void apiDocsListTheSegmentEndpointAndDescribeTheSocket() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode docs = JSON.readTree(response.body());
        assertThat(docs.path("info").path("title").asString()).isEqualTo("LALALA streaming-service");
        assertThat(docs.path("info").path("description").asString()).contains("/api/stream/ws");
        assertThat(docs.path("paths").propertyNames()).contains("/api/stream/tracks/{id}/segments/{n}",
                "/api/stream/tracks/{id}/track.flac");
    }

    @Test
    void itRunsOnReactorNettyWithoutAServletContainer() {
        assertThat(isPresent("reactor.netty.http.server.HttpServer")).isTrue();
        assertThat(isPresent("jakarta.servlet.Servlet")).isFalse();
        assertThat(isPresent("org.apache.catalina.startup.Tomcat")).isFalse();
    }

    // ---- audio over HTTP ----

    @Test
    void aSegmentIsServedAsImmutableFlacWithAStrongETag() throws Exception {
        UUID track = publish(Visibility.PUBLIC);
        byte[] segment = SONG.segment(1);

        HttpResponse<byte[]> response = getBytes("/api/stream/tracks/" + track + "/segments/1");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(segment);
        assertThat(Songs.decode(response.body())).isEqualTo(SONG.pcm(1, 2));
        assertThat(response.headers().firstValue("Content-Type")).contains("audio/flac");
        assertThat(response.headers().firstValue("Content-Length")).contains(String.valueOf(segment.length));
        assertThat(response.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
        assertThat(response.headers().firstValue("ETag")).hasValueSatisfying(
                etag -> assertThat(etag).matches("\"[0-9a-f]{32}\""));
    }

    @Test
    void theSameETagAnswers304WithoutABody() throws Exception {
        UUID track = publish(Visibility.UNLISTED);
        String etag = getBytes("/api/stream/tracks/" + track + "/segments/0").headers().firstValue("ETag")
                .orElseThrow();

        HttpResponse<byte[]> cached = getBytes("/api/stream/tracks/" + track + "/segments/0",
                "If-None-Match", etag);
        HttpResponse<byte[]> stale = getBytes("/api/stream/tracks/" + track + "/segments/0",
                "If-None-Match", "\"0123456789abcdef0123456789abcdef\"");

        assertThat(cached.statusCode()).isEqualTo(304);
        assertThat(cached.body()).isEmpty();
        assertThat(cached.headers().firstValue("ETag")).contains(etag);
        assertThat(cached.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(SONG.segment(0));
        assertThat(getBytes("/api/stream/tracks/" + track + "/segments/1").headers().firstValue("ETag"))
                .isNotEqualTo(Optional.of(etag));
    }

    @Test
    void aMissingSegmentOrATrackWithoutManifestIsA404Problem() throws Exception {
        UUID track = publish(Visibility.PUBLIC);
        UUID processing = UUID.randomUUID();
        // Segments written, manifest not yet: still processing, so not playable.
        Files.createDirectories(BLOBS.resolve(AudioLayout.segmentKey(processing, 0)).getParent());
        Files.write(BLOBS.resolve(AudioLayout.segmentKey(processing, 0)), SONG.segment(0));

        problem(get("/api/stream/tracks/" + track + "/segments/" + SONG.segmentCount()), 404, ProblemTypes.NOT_FOUND);
        problem(get("/api/stream/tracks/" + processing + "/segments/0"), 404, ProblemTypes.NOT_FOUND);
        problem(get("/api/stream/tracks/" + processing + "/track.flac"), 404, ProblemTypes.NOT_FOUND);
        problem(get("/api/stream/tracks/" + UUID.randomUUID() + "/segments/0"), 404, ProblemTypes.NOT_FOUND);
    }

    @Test
    void aNegativeIndexOrABadIdIsA400Problem() throws Exception {
        problem(get("/api/stream/tracks/" + UUID.randomUUID() + "/segments/-1"), 400,
                ProblemTypes.of("invalid-segment"));
        problem(get("/api/stream/tracks/" + UUID.randomUUID() + "/segments/100000"), 400,
                ProblemTypes.of("invalid-segment"));
        assertThat(problem(get("/api/stream/tracks/not-a-uuid/segments/0"), 400, ProblemTypes.VALIDATION)
                .path("errors").get(0).path("field").asString()).isEqualTo("id");
        assertThat(problem(get("/api/stream/tracks/" + UUID.randomUUID() + "/segments/first"), 400,
                ProblemTypes.VALIDATION).path("errors").get(0).path("field").asString()).isEqualTo("n");
    }

    @Test
    void aPrivateTrackIsHeardOnlyByItsOwner() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID track = UUID.randomUUID();
        SONG.publish(BLOBS, track, owner, Visibility.PRIVATE);
        String segment = "/api/stream/tracks/" + track + "/segments/0";
        String whole = "/api/stream/tracks/" + track + "/track.flac";

        problem(get(segment), 401, ProblemTypes.UNAUTHORIZED);
        problem(get(whole), 401, ProblemTypes.UNAUTHORIZED);
        problem(get(segment, "Authorization", "Bearer " + TOKENS.tokenFor(UUID.randomUUID())), 403,
                ProblemTypes.FORBIDDEN);
        problem(get(whole, "Authorization", "Bearer " + TOKENS.tokenFor(UUID.randomUUID())), 403,
                ProblemTypes.FORBIDDEN);

        HttpResponse<byte[]> mine = getBytes(segment, "Authorization", "Bearer " + TOKENS.tokenFor(owner));
        assertThat(mine.statusCode()).isEqualTo(200);
        assertThat(mine.body()).isEqualTo(SONG.segment(0));
        // Never kept by a shared cache.
        assertThat(mine.headers().firstValue("Cache-Control")).contains("private, max-age=31536000, immutable");
        assertThat(getBytes(whole, "Authorization", "Bearer " + TOKENS.tokenFor(owner)).body())
                .isEqualTo(Files.readAllBytes(SONG.wholeTrack()));
    }

    @Test
    void aVisibilityChangeIsHonouredOnceTheManifestChanges() throws Exception {
        UUID track = UUID.randomUUID();
        TrackManifest manifest = SONG.publish(BLOBS, track, UUID.randomUUID(), Visibility.PUBLIC);
        String segment = "/api/stream/tracks/" + track + "/segments/0";
        assertThat(get(segment).statusCode()).isEqualTo(200);

        Songs.writeManifest(BLOBS, manifest.withVisibility(Visibility.PRIVATE));
        // track.events evicts at once (StreamingProtocolIT); without an event the TTL (1 s here) bounds staleness.
        Thread.sleep(1_500);

        problem(get(segment), 401, ProblemTypes.UNAUTHORIZED);
    }

    @Test
    void theWholeTrackIsOneFlacWithRangeRequests() throws Exception {
        UUID track = publish(Visibility.PUBLIC);
        byte[] file = Files.readAllBytes(SONG.wholeTrack());
        String path = "/api/stream/tracks/" + track + "/track.flac";

        HttpResponse<byte[]> whole = getBytes(path);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(file);
        assertThat(whole.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(whole.headers().firstValue("Content-Length")).contains(String.valueOf(file.length));
        assertThat(whole.headers().firstValue("Content-Type")).contains("audio/flac");
        assertThat(Songs.decode(whole.body())).isEqualTo(SONG.pcm());

        HttpResponse<byte[]> middle = getBytes(path, "Range", "bytes=1000-2999");
        assertThat(middle.statusCode()).isEqualTo(206);
        assertThat(middle.body()).isEqualTo(Arrays.copyOfRange(file, 1000, 3000));
        assertThat(middle.headers().firstValue("Content-Range")).contains("bytes 1000-2999/" + file.length);
        assertThat(middle.headers().firstValue("Content-Length")).contains("2000");

        HttpResponse<byte[]> open = getBytes(path, "Range", "bytes=" + (file.length - 10) + "-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(file, file.length - 10, file.length));

        HttpResponse<byte[]> suffix = getBytes(path, "Range", "bytes=-500");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(file, file.length - 500, file.length));
        assertThat(suffix.headers().firstValue("Content-Range"))
                .contains("bytes " + (file.length - 500) + "-" + (file.length - 1) + "/" + file.length);

        assertThat(getBytes(path, "Range", "bytes=" + file.length + "-").statusCode()).isEqualTo(416);
    }

    // ---- WebSocket handshake and clock sync ----

    @Test
    void anUnauthenticatedHandshakeIsRefusedBeforeTheUpgrade() {
        String url = "ws://127.0.0.1:" + port + "/api/stream/ws";
        assertThat(StreamClient.attempt(url, "lalala.stream.v1", null).handshakeStatus()).isEqualTo(401);
        assertThat(StreamClient.attempt(url, "lalala.stream.v1, bearer.not-a-jwt", null).handshakeStatus())
                .isEqualTo(401);
        String expired = TOKENS.token(UUID.randomUUID(), claims -> claims.expirationTime(
                java.util.Date.from(java.time.Instant.now().minusSeconds(600))));
        assertThat(StreamClient.attempt(url, "lalala.stream.v1, bearer." + expired, null).handshakeStatus())
                .isEqualTo(401);

        StreamClient browser = StreamClient.attempt(url,
                "lalala.stream.v1, bearer." + TOKENS.tokenFor(UUID.randomUUID()), null);
        StreamClient service = StreamClient.attempt(url, "lalala.stream.v1",
                "Bearer " + TOKENS.tokenFor(UUID.randomUUID()));
        try {
            // The server answers with the protocol, never with the token.
            assertThat(browser.awaitOpen()).isEqualTo("lalala.stream.v1");
            assertThat(service.awaitOpen()).isEqualTo("lalala.stream.v1");
        } finally {
            browser.close();
            service.close();
        }
    }

    @Test
    void theSocketSaysHelloAnswersPingsAndSurvivesGarbage() {
        long before = System.currentTimeMillis();
        StreamClient client = StreamClient.attempt("ws://127.0.0.1:" + port + "/api/stream/ws",
                "lalala.stream.v1, bearer." + TOKENS.tokenFor(UUID.randomUUID()), null);
        try {
            client.awaitOpen();
            JsonNode hello = client.nextText();
            client.send("{\"type\":\"ping\",\"t0\":1234}");
            JsonNode pong = client.nextText();
            long after = System.currentTimeMillis();
            assertThat(hello.path("type").asString()).isEqualTo("hello");
            assertThat(hello.path("service").asString()).isEqualTo("streaming-service");
            assertThat(hello.path("serverTime").asLong()).isBetween(before, after);
            assertThat(pong.path("type").asString()).isEqualTo("pong");
            assertThat(pong.path("t0").asLong()).isEqualTo(1234);
            assertThat(pong.path("serverTime").asLong()).isBetween(before, after);

            client.send("this is not json");
            client.send("{\"type\":\"dance\"}");
            client.send("{\"type\":\"play\",\"trackId\":\"x\"}");
            client.send("{\"type\":\"credit\",\"n\":\"lots\"}");
            client.send("{\"type\":\"ping\",\"t0\":5678}");
            List<String> codes = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                JsonNode error = client.nextText();
                assertThat(error.path("type").asString()).isEqualTo("error");
                assertThat(error.path("message").asString()).isNotBlank();
                codes.add(error.path("code").asString());
            }
            assertThat(codes).containsExactly("bad-message", "unsupported", "bad-message", "bad-message");
            JsonNode stillOpen = client.nextText();
            assertThat(stillOpen.path("type").asString()).isEqualTo("pong");
            assertThat(stillOpen.path("t0").asLong()).isEqualTo(5678);
        } finally {
            client.close();
        }
    }

    // ---- helpers ----

    static UUID publish(Visibility visibility) {
        UUID track = UUID.randomUUID();
        SONG.publish(BLOBS, track, UUID.randomUUID(), visibility);
        return track;
    }

    static boolean isPresent(String className) {
        return org.springframework.util.ClassUtils.isPresent(className, StreamingServiceIT.class.getClassLoader());
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        return http.send(request(path, headers), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<byte[]> getBytes(String path, String... headers) throws Exception {
        return http.send(request(path, headers), HttpResponse.BodyHandlers.ofByteArray());
    }

    HttpRequest request(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return request.build();
    }

    static JsonNode problem(HttpResponse<String> response, int status, URI type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("type").asString()).isEqualTo(type.toString());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        return body;
    }
}
