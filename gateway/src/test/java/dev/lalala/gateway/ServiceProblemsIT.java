package dev.lalala.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.gateway.support.StubService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** A service's own problems pass through untouched; a slow service becomes a 504 problem after its timeout. */
class ServiceProblemsIT extends LiveFleetTestBase {

    @Test
    void aServicesOwn404ProblemPassesThroughUnchanged() {
        byte[] body = http().get().uri("/api/tracks/42/missing").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueEquals("X-Stub", "problem")
                .expectBody().returnResult().getResponseBody();
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(StubService.MISSING_PROBLEM);
    }

    @Test
    void aServicesOwn500ProblemPassesThroughUnchanged() {
        byte[] body = http().get().uri("/api/playlists/boom").exchange()
                .expectStatus().isEqualTo(500)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().returnResult().getResponseBody();
        assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(StubService.BOOM_PROBLEM);
    }

    @Test
    void aSlowServiceIsA504ProblemAfterItsTimeout() {
        long start = System.nanoTime();
        http().get().uri("/api/search/songs?delayMs=5000&q=" + UUID.randomUUID()).exchange()
                .expectStatus().isEqualTo(504)
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://lalala.dev/problems/gateway-timeout")
                .jsonPath("$.status").isEqualTo(504)
                .jsonPath("$.detail").isEqualTo("search-service did not answer within 800 ms")
                .jsonPath("$.traceId").isNotEmpty();
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(took).isBetween(Duration.ofMillis(750), Duration.ofMillis(4000));
    }

    @Test
    void aRouteCanHaveItsOwnLongerTimeout() {
        // GET /api/tracks/** waits 800 ms; POST /api/tracks (uploads) has its own 5 s.
        http().get().uri("/api/tracks/slow?delayMs=1500").exchange()
                .expectStatus().isEqualTo(504)
                .expectBody().jsonPath("$.detail").isEqualTo("track-service did not answer within 800 ms");
        http().post().uri("/api/tracks?delayMs=1500")
                .header(HttpHeaders.AUTHORIZATION, bearer())
                .contentType(MediaType.APPLICATION_OCTET_STREAM).bodyValue(new byte[5 * 1024 * 1024])
                .exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.service").isEqualTo("track-service")
                .jsonPath("$.bodyLength").isEqualTo(5 * 1024 * 1024);
    }
}
