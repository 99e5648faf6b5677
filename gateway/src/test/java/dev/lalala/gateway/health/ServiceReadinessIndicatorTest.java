package dev.lalala.gateway.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The fleet view names what a service that is not ready is missing, from the components of its readiness. */
class ServiceReadinessIndicatorTest {

    @Test
    void theComponentsThatAreNotUpAreNamed() {
        String kafkaDown = """
                {"status":"DOWN","components":{"db":{"status":"UP"},"kafka":{"status":"DOWN"},
                 "readinessState":{"status":"UP"}}}""";
        assertThat(ServiceReadinessIndicator.missingComponents(kafkaDown)).containsExactly("kafka");

        String bothDown = """
                {"status":"DOWN","components":{"db":{"status":"DOWN"},"kafka":{"status":"DOWN"}}}""";
        assertThat(ServiceReadinessIndicator.missingComponents(bothDown)).containsExactly("db", "kafka");
    }

    @Test
    void nothingIsNamedWhenAllIsUpOrTheAnswerIsNotHealth() {
        assertThat(ServiceReadinessIndicator.missingComponents("{\"status\":\"UP\",\"components\":{\"db\":{\"status\":\"UP\"}}}"))
                .isEmpty();
        assertThat(ServiceReadinessIndicator.missingComponents("{\"status\":\"UP\"}")).isEmpty();
        assertThat(ServiceReadinessIndicator.missingComponents("<html>bad gateway</html>")).isEmpty();
    }
}
