package dev.lalala.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.gateway.support.StubService;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;

/**
 * The breaker of a service opens after repeated failures (5xx here), and then answers at once without calling the
 * service. Failures pass through unchanged until then; 4xx answers never count as failures. The breakers of these
 * two extra services open after 4 calls with at least 50 % failures (see Fleet).
 */
class CircuitBreakerIT extends LiveFleetTestBase {

    @Test
    void opensAfterRepeatedServerErrorsAndStopsCallingTheService() {
        StubService flaky = FLEET.flaky();
        for (int i = 0; i < 4; i++) {
            byte[] body = http().get().uri("/api/flaky/boom").exchange()
                    .expectStatus().isEqualTo(500)
                    .expectBody().returnResult().getResponseBody();
            assertThat(new String(body, StandardCharsets.UTF_8)).isEqualTo(StubService.BOOM_PROBLEM);
        }
        assertThat(flaky.seen()).hasSize(4);

        for (int i = 0; i < 5; i++) {
            http().get().uri("/api/flaky/things").exchange()
                    .expectStatus().isEqualTo(503)
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader().exists("Retry-After")
                    .expectBody()
                    .jsonPath("$.type").isEqualTo("https://lalala.dev/problems/service-unavailable")
                    .jsonPath("$.detail").isEqualTo("flaky-service is not available right now")
                    .jsonPath("$.circuitBreaker").isEqualTo("open");
        }
        assertThat(flaky.seen()).as("an open breaker never calls the service").hasSize(4);
    }

    @Test
    void clientErrorsNeverOpenTheBreaker() {
        StubService picky = FLEET.picky();
        for (int i = 0; i < 10; i++) {
            http().get().uri("/api/picky/missing").exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        http().get().uri("/api/picky/things").exchange().expectStatus().isOk();
        assertThat(picky.seen()).hasSize(11);
    }
}
