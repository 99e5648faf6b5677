package dev.lalala.gateway;

import org.junit.jupiter.api.Test;

/** With every service up, the fleet group is UP, service by service. */
class FleetHealthIT extends LiveFleetTestBase {

    @Test
    void everyRunningServiceIsUp() {
        http().get().uri("/actuator/health/fleet").header("Authorization", operator()).exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.downstream.components.length()").isEqualTo(8)
                .jsonPath("$.components.downstream.components['track-service'].status").isEqualTo("UP")
                .jsonPath("$.components.downstream.components['chat-service'].details.httpStatus").isEqualTo(200);
    }

    @Test
    void anonymousCallersSeeStatusesButNoDetails() {
        http().get().uri("/actuator/health/fleet").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.status").isEqualTo("UP")
                .jsonPath("$.components.downstream.components['track-service'].status").isEqualTo("UP")
                .jsonPath("$.components.downstream.components['track-service'].details").doesNotExist()
                .jsonPath("$.components.downstream.components['chat-service'].details").doesNotExist();
        // An ordinary user's token is not an operator's.
        http().get().uri("/actuator/health/fleet").header("Authorization", bearer()).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.components.downstream.components['chat-service'].details").doesNotExist();
    }

    /** A token with the role OPERATOR (auth-service gives it to the emails in lalala.auth.operators). */
    String operator() {
        return "Bearer " + FLEET.jwks().token(c -> c.claim("roles", java.util.List.of("OPERATOR")));
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
