package dev.lalala.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.gateway.support.Fleet;
import dev.lalala.gateway.support.RawHttp;
import dev.lalala.gateway.support.StubService;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * What the gateway refuses before a service sees it: too many requests from one address (429), bodies over their
 * route's cap (413), requests Netty cannot decode (400, 414, 431), all as problem+json; and what it tells the
 * services about the caller (its address and the installation's gateway secret, never the client's own).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lalala.gateway.limits.rate.signup.requests=3",
        "lalala.gateway.limits.max-body=64KB",
        "lalala.gateway.secret=gw-secret-for-tests"
})
class EdgeProtectionIT {

    static final Fleet FLEET = Fleet.shared();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void fleet(DynamicPropertyRegistry registry) {
        FLEET.register(registry);
    }

    WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void actuatorPathsAreA404ProblemAtTheEdgeBeyondHealthAndAnInternalScrape() {
        for (String path : new String[] {"/actuator", "/actuator/info", "/actuator/env", "/api/chat/actuator/prometheus",
                "/api/rooms/actuator/health"}) {
            http().get().uri(path).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody().jsonPath("$.type").isEqualTo("https://lalala.dev/problems/not-found");
        }
        // Probes stay; Prometheus (here on loopback, in compose on the private network) still scrapes the gateway.
        http().get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
        http().get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
        http().get().uri("/actuator/prometheus").exchange().expectStatus().isOk()
                .expectBody(String.class).value(body -> assertThat(body).contains("application=\"gateway\""));
        // Relayed by a proxy on behalf of someone outside: not internal.
        http().get().uri("/actuator/prometheus").header("X-Forwarded-For", "203.0.113.7").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void signUpsFromOneAddressAreLimitedWithA429ProblemAndRetryAfter() {
        for (int i = 0; i < 3; i++) {
            http().post().uri("/api/auth/signup").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                    .expectStatus().isOk();
        }
        http().post().uri("/api/auth/signup").contentType(MediaType.APPLICATION_JSON).bodyValue("{}").exchange()
                .expectStatus().isEqualTo(429)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value("Retry-After", value -> assertThat(Long.parseLong(value)).isBetween(1L, 1200L))
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://lalala.dev/problems/too-many-requests")
                .jsonPath("$.status").isEqualTo(429);
        // Other routes are not limited by it.
        http().get().uri("/api/auth/.well-known/jwks.json").exchange().expectStatus().isOk();
    }

    @Test
    void aJsonBodyOverItsCapIsRefusedWith413BeforeTheServiceSeesIt() {
        String marker = "/api/users/big-" + UUID.randomUUID();
        http().put().uri(marker).contentType(MediaType.APPLICATION_JSON).bodyValue("\"" + "x".repeat(100_000) + "\"")
                .exchange()
                .expectStatus().isEqualTo(413)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://lalala.dev/problems/payload-too-large")
                .jsonPath("$.maxBytes").isEqualTo(64 * 1024);
        assertThat(FLEET.service("user").seenPath(marker)).isEmpty();
        // Under the cap it passes.
        http().put().uri(marker).contentType(MediaType.APPLICATION_JSON).bodyValue("{\"a\":1}").exchange()
                .expectStatus().isOk();
    }

    @Test
    void aChunkedBodyIsCountedAndCutAtTheCap() throws Exception {
        String marker = "/api/users/chunked-" + UUID.randomUUID();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write(("PUT " + marker + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "x".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
            String response = null;
            try {
                for (int i = 0; i < 8; i++) {
                    out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(chunk);
                    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                }
                out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (java.io.IOException closedEarly) {
                // The gateway may answer and close before the whole body is sent.
            }
            response = readAll(socket.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 413");
            assertThat(response.toLowerCase()).contains("content-type: application/problem+json");
            assertThat(response).contains("payload-too-large");
        }
        assertThat(FLEET.service("user").seenPath(marker)).isEmpty();
    }

    @Test
    void anOverlongUriIs414ProblemJson() throws Exception {
        String response = RawHttp.exchange(port, "GET /api/tracks/" + "a".repeat(10_000) + " HTTP/1.1",
                "Host: 127.0.0.1", "Connection: close");
        assertThat(response).startsWith("HTTP/1.1 414");
        assertProblemJson(response, "uri-too-long");
    }

    @Test
    void overlargeHeadersAre431ProblemJson() throws Exception {
        String response = RawHttp.exchange(port, "GET /api/tracks HTTP/1.1", "Host: 127.0.0.1",
                "X-Big: " + "b".repeat(20_000), "Connection: close");
        assertThat(response).startsWith("HTTP/1.1 431");
        assertProblemJson(response, "request-header-fields-too-large");
    }

    @Test
    void aMalformedRequestIs400ProblemJson() throws Exception {
        String response = RawHttp.exchange(port, "GET /api/tracks HTTP/1.1", "Host: 127.0.0.1",
                "Content-Length: not-a-number", "Connection: close");
        assertThat(response).startsWith("HTTP/1.1 400");
        assertProblemJson(response, "bad-request");
    }

    @Test
    void servicesGetTheCallersAddressAndTheGatewaySecretNeverTheClients() {
        String path = "/api/auth/who-" + UUID.randomUUID();
        http().get().uri(path).header("X-Forwarded-For", "6.6.6.6").header("X-Lalala-Gateway", "forged")
                .exchange().expectStatus().isOk();
        StubService.Seen seen = FLEET.service("auth").seenPath(path).getFirst();
        assertThat(seen.header("x-forwarded-for")).isEqualTo("127.0.0.1");
        assertThat(seen.headers().get("x-lalala-gateway")).containsExactly("gw-secret-for-tests");
    }

    static void assertProblemJson(String response, String slug) {
        assertThat(response.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(response).contains("\"type\":\"https://lalala.dev/problems/" + slug + "\"");
    }

    static String readAll(InputStream in) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int n;
        try {
            while ((n = in.read(buffer)) >= 0) {
                bytes.write(buffer, 0, n);
                String text = bytes.toString(StandardCharsets.UTF_8);
                int end = text.indexOf("\r\n\r\n");
                if (end >= 0 && text.contains("}")) {
                    break;
                }
            }
        } catch (java.net.SocketException reset) {
            // Closed after the answer.
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
