package dev.lalala.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.defaults.problem.ProblemTypes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * streaming-service over real HTTP and a real WebSocket, on Reactor Netty, reading segments from a blob store on
 * disk laid out as track-service writes it. (No @LocalInfra: its only datastore is the filesystem.)
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class StreamingServiceIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final Path BLOBS;

    static {
        try {
            BLOBS = Files.createTempDirectory("lalala-blobs-");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void blobs(DynamicPropertyRegistry registry) {
        registry.add("lalala.blobs.root", BLOBS::toString);
    }

    @AfterAll
    static void removeBlobs() {
        FileSystemUtils.deleteRecursively(BLOBS.toFile());
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
        assertThat(docs.path("paths").propertyNames()).contains("/api/stream/tracks/{id}/segments/{n}");
    }

    @Test
    void itRunsOnReactorNettyWithoutAServletContainer() {
        assertThat(isPresent("reactor.netty.http.server.HttpServer")).isTrue();
        assertThat(isPresent("jakarta.servlet.Servlet")).isFalse();
        assertThat(isPresent("org.apache.catalina.startup.Tomcat")).isFalse();
    }

    // ---- segments over HTTP ----

    @Test
    void aSegmentIsServedAsImmutableFlacWithAStrongETag() throws Exception {
        UUID track = UUID.randomUUID();
        byte[] segment = segment(track, 3, 40_000);

        HttpResponse<byte[]> response = getBytes("/api/stream/tracks/" + track + "/segments/3");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(segment);
        assertThat(response.headers().firstValue("Content-Type")).contains("audio/flac");
        assertThat(response.headers().firstValue("Content-Length")).contains(String.valueOf(segment.length));
        assertThat(response.headers().firstValue("Cache-Control")).contains("public, max-age=31536000, immutable");
        assertThat(response.headers().firstValue("ETag")).hasValueSatisfying(
                etag -> assertThat(etag).matches("\"[0-9a-f]{32}\""));
    }

    @Test
    void theSameETagAnswers304WithoutABody() throws Exception {
        UUID track = UUID.randomUUID();
        segment(track, 0, 10_000);
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
        assertThat(stale.body()).hasSize(10_000);
    }

    @Test
    void differentSegmentsHaveDifferentETags() throws Exception {
        UUID track = UUID.randomUUID();
        segment(track, 0, 1_000);
        segment(track, 1, 1_000);

        assertThat(getBytes("/api/stream/tracks/" + track + "/segments/0").headers().firstValue("ETag"))
                .isNotEqualTo(getBytes("/api/stream/tracks/" + track + "/segments/1").headers().firstValue("ETag"));
    }

    @Test
    void aMissingSegmentIsA404Problem() throws Exception {
        UUID track = UUID.randomUUID();
        segment(track, 0, 100);

        problem(get("/api/stream/tracks/" + track + "/segments/1"), 404, ProblemTypes.NOT_FOUND);
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

    // ---- WebSocket ----

    @Test
    void theSocketSaysHelloAnswersPingsAndSurvivesGarbage() {
        List<String> received = new CopyOnWriteArrayList<>();
        long before = System.currentTimeMillis();

        new ReactorNettyWebSocketClient().execute(URI.create("ws://127.0.0.1:" + port + "/api/stream/ws"), session -> {
            Mono<Void> send = session.send(Flux.concat(
                    Mono.just(session.textMessage("{\"type\":\"ping\",\"t0\":1234}")),
                    Mono.just(session.textMessage("this is not json")),
                    Mono.just(session.textMessage("{\"type\":\"play\",\"trackId\":\"x\"}")),
                    Mono.just(session.binaryMessage(f -> f.wrap(new byte[] {1, 2, 3}))),
                    Mono.just(session.textMessage("{\"type\":\"ping\",\"t0\":5678}"))));
            Mono<Void> receive = session.receive().map(WebSocketMessage::getPayloadAsText).doOnNext(received::add)
                    .take(6).then();
            return Mono.when(send, receive);
        }).block(Duration.ofSeconds(15));
        long after = System.currentTimeMillis();

        assertThat(received).hasSize(6);
        JsonNode hello = JSON.readTree(received.get(0));
        assertThat(hello.path("type").asString()).isEqualTo("hello");
        assertThat(hello.path("service").asString()).isEqualTo("streaming-service");
        assertThat(hello.path("serverTime").asLong()).isBetween(before, after);

        JsonNode pong = JSON.readTree(received.get(1));
        assertThat(pong.path("type").asString()).isEqualTo("pong");
        assertThat(pong.path("t0").asLong()).isEqualTo(1234);
        assertThat(pong.path("serverTime").asLong()).isBetween(before, after);

        for (String error : received.subList(2, 5)) {
            JsonNode frame = JSON.readTree(error);
            assertThat(frame.path("type").asString()).isEqualTo("error");
            assertThat(frame.path("code").asString()).isEqualTo("unsupported");
            assertThat(frame.path("message").asString()).isNotBlank();
        }

        JsonNode stillOpen = JSON.readTree(received.get(5));
        assertThat(stillOpen.path("type").asString()).isEqualTo("pong");
        assertThat(stillOpen.path("t0").asLong()).isEqualTo(5678);
    }

    // ---- helpers ----

    /** Writes a segment where track-service will: tracks/{id}/segments/{nnnnn}.flac. */
    static byte[] segment(UUID track, int index, int size) throws Exception {
        byte[] bytes = new byte[size];
        new Random(track.hashCode() + index).nextBytes(bytes);
        bytes[0] = 'f';
        bytes[1] = 'L';
        bytes[2] = 'a';
        bytes[3] = 'C';
        Path file = BLOBS.resolve("tracks/" + track + "/segments/" + String.format("%05d", index) + ".flac");
        Files.createDirectories(file.getParent());
        Files.write(file, bytes);
        return bytes;
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
