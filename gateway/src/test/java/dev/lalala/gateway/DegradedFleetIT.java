package dev.lalala.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.gateway.support.Fleet;
import dev.lalala.gateway.support.RawHttp;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.netty.http.client.HttpClient;

/**
 * The gateway in front of a fleet where track-service and streaming-service are stopped (nothing listens on their
 * ports): prompt 503 problems, over HTTP and for WebSocket upgrades, a fleet health group that says so, and a
 * gateway that stays ready.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DegradedFleetIT {

    private static final Fleet FLEET = Fleet.shared();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void fleet(DynamicPropertyRegistry registry) {
        FLEET.register(registry, "track", "streaming");
        // auth-service is down too: tokens cannot be checked.
        registry.add("lalala.security.jwk-set-uri",
                () -> "http://127.0.0.1:" + Fleet.freePort() + "/api/auth/.well-known/jwks.json");
    }

    private WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20)).build();
    }

    @Test
    void aStoppedServiceIsAPrompt503Problem() {
        for (String method : new String[] {"GET", "POST"}) {
            long start = System.nanoTime();
            var request = http().method(org.springframework.http.HttpMethod.valueOf(method)).uri("/api/tracks/x");
            var response = method.equals("GET") ? request.exchange()
                    : request.contentType(MediaType.APPLICATION_JSON).bodyValue("{\"title\":\"t\"}").exchange();
            response.expectStatus().isEqualTo(503)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().exists("X-Trace-Id")
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("https://lalala.dev/problems/service-unavailable")
                    .jsonPath("$.status").isEqualTo(503)
                    .jsonPath("$.detail").isEqualTo("track-service is not available right now")
                    .jsonPath("$.instance").isEqualTo("/api/tracks/x")
                    .jsonPath("$.traceId").isNotEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        }
    }

    @Test
    void repeatedConnectionFailuresOpenTheBreaker() {
        boolean open = false;
        for (int i = 0; i < 15 && !open; i++) {
            String body = http().get().uri("/api/charts/7d").exchange()
                    .expectStatus().isEqualTo(503)
                    .expectBody(String.class).returnResult().getResponseBody();
            open = body.contains("\"circuitBreaker\":\"open\"");
        }
        assertThat(open).as("track-service's breaker opened after repeated connection failures").isTrue();
    }

    @Test
    void aWebSocketUpgradeToAStoppedServiceIsA503ProblemBeforeAnyUpgrade() throws Exception {
        long start = System.nanoTime();
        String response = RawHttp.exchange(port,
                "GET /api/stream/ws HTTP/1.1",
                "Host: 127.0.0.1:" + port,
                "Connection: Upgrade",
                "Upgrade: websocket",
                "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
                "Sec-WebSocket-Protocol: lalala.v1");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        assertThat(response).startsWith("HTTP/1.1 503");
        assertThat(response.toLowerCase()).contains("content-type: application/problem+json");
        assertThat(response).contains("\"type\":\"https://lalala.dev/problems/service-unavailable\"")
                .contains("streaming-service is not available right now");

        assertThatThrownBy(() -> HttpClient.create().websocket().uri("ws://127.0.0.1:" + port + "/api/stream/ws")
                .handle((in, out) -> in.receive()).blockLast(Duration.ofSeconds(10)))
                .isInstanceOfSatisfying(WebSocketClientHandshakeException.class,
                        e -> assertThat(e.response().status().code()).isEqualTo(503));
    }

    @Test
    void theFleetGroupShowsTheStoppedServicesWhileTheGatewayStaysReady() {
        // Anonymous (auth-service is down here, no token can be checked): statuses, but not why (FleetHealthIT shows
        // an operator the details).
        http().get().uri("/actuator/health/fleet").exchange()
                .expectStatus().isEqualTo(503)
                .expectBody()
                .jsonPath("$.status").isEqualTo("DOWN")
                .jsonPath("$.components.downstream.components['track-service'].status").isEqualTo("DOWN")
                .jsonPath("$.components.downstream.components['track-service'].details").doesNotExist()
                .jsonPath("$.components.downstream.components['streaming-service'].status").isEqualTo("DOWN")
                .jsonPath("$.components.downstream.components['auth-service'].status").isEqualTo("UP")
                .jsonPath("$.components.downstream.components['playlist-service'].status").isEqualTo("UP");
        http().get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        http().get().uri("/actuator/health/liveness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void aTokenThatCannotBeCheckedBecauseAuthServiceIsDownIsA503Problem() {
        http().get().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION, "Bearer " + FLEET.jwks().token())
                .exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://lalala.dev/problems/service-unavailable")
                .jsonPath("$.service").isEqualTo("auth-service");
        // Without a token, nothing needs checking.
        http().get().uri("/api/users/someone").exchange().expectStatus().isOk();
    }

    @Test
    void theApiDocsOfAStoppedServiceAreA503Problem() {
        http().get().uri("/v3/api-docs/track-service").header(HttpHeaders.ACCEPT, "application/json").exchange()
                .expectStatus().isEqualTo(503)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }
}
