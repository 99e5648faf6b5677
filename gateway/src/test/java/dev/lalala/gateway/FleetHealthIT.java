package dev.lalala.gateway;

import org.junit.jupiter.api.Test;

/** With every service up, the fleet group is UP, service by service. */
class FleetHealthIT extends LiveFleetTestBase {

    @Test
    void everyRunningServiceIsUp() {
        http().get().uri("/actuator/health/fleet").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.downstream.components.length()").isEqualTo(8)
                .jsonPath("$.components.downstream.components['track-service'].status").isEqualTo("UP")
                .jsonPath("$.components.downstream.components['chat-service'].details.httpStatus").isEqualTo(200);
    }

    @Test
    void livenessAndReadinessAreTheGatewaysOwn() {
        http().get().uri("/actuator/health/readiness").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.downstream").doesNotExist();
        http().get().uri("/actuator/health/liveness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.components.downstream").doesNotExist();
    }
}
