package dev.lalala.defaults;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.env.MapPropertySource;
import org.springframework.mock.env.MockEnvironment;

/** A service with Kafka on its classpath: readiness includes the broker, unless it opts out. */
class KafkaReadinessTest {

    static final String INCLUDE = "management.endpoint.health.group.readiness.include";

    @Test
    void theBrokerJoinsTheServicesOwnReadinessComponents() {
        MockEnvironment environment = new MockEnvironment();
        environment.getPropertySources().addLast(new MapPropertySource("yml", Map.of(INCLUDE, "readinessState,db")));
        ServiceDefaultsEnvironmentPostProcessor.addKafkaToReadiness(environment);
        assertThat(environment.getProperty(INCLUDE)).isEqualTo("readinessState,db,kafka");
        // Applying it twice (a refreshed environment) changes nothing.
        ServiceDefaultsEnvironmentPostProcessor.addKafkaToReadiness(environment);
        assertThat(environment.getProperty(INCLUDE)).isEqualTo("readinessState,db,kafka");
    }

    @Test
    void aServiceMayOptOut() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("lalala.health.readiness-includes-kafka", "false")
                .withProperty(INCLUDE, "readinessState,db");
        ServiceDefaultsEnvironmentPostProcessor.addKafkaToReadiness(environment);
        assertThat(environment.getProperty(INCLUDE)).isEqualTo("readinessState,db");
    }

    @Test
    void anApplicationWithoutKafkaAutoConfigurationHasNoBrokerToWaitFor() {
        MockEnvironment environment = new MockEnvironment()
                .withProperty("spring.autoconfigure.exclude",
                        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
                .withProperty(INCLUDE, "readinessState,db");
        ServiceDefaultsEnvironmentPostProcessor.addKafkaToReadiness(environment);
        assertThat(environment.getProperty(INCLUDE)).isEqualTo("readinessState,db");
    }
}
