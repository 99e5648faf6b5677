package dev.lalala.defaults;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.PropertiesPropertySourceLoader;
import java.util.Arrays;
import java.util.Map;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;
import org.springframework.util.ClassUtils;

/**
 * Adds the platform's default settings (lalala-defaults.properties) behind everything else, so any service,
 * profile or environment variable can still override them.
 */
public class ServiceDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String NAME = "lalalaServiceDefaults";
    static final String KAFKA_READINESS = "lalalaKafkaReadiness";
    private static final String KAFKA_ADMIN = "org.springframework.kafka.core.KafkaAdmin";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.getPropertySources().contains(NAME)) {
            addKafkaToReadiness(environment);
            return;
        }
        try {
            for (PropertySource<?> source : new PropertiesPropertySourceLoader()
                    .load(NAME, new ClassPathResource("lalala-defaults.properties"))) {
                environment.getPropertySources().addLast(source);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        addKafkaToReadiness(environment);
    }

    /**
     * A service with Kafka cannot do its whole job without the broker (no event moves): its readiness includes the
     * {@code kafka} indicator, so the fleet view names the broker when it is away. Opt out with
     * {@code lalala.health.readiness-includes-kafka=false}; an application that excludes Kafka's auto-configuration has
     * no indicator to include.
     */
    static void addKafkaToReadiness(ConfigurableEnvironment environment) {
        if (!ClassUtils.isPresent(KAFKA_ADMIN, ServiceDefaultsEnvironmentPostProcessor.class.getClassLoader())
                || !environment.getProperty("lalala.health.readiness-includes-kafka", Boolean.class, true)
                || environment.getProperty("spring.autoconfigure.exclude", "").contains("KafkaAutoConfiguration")) {
            // No Kafka in this application (the class alone is on the classpath): no indicator to wait for.
            return;
        }
        String key = "management.endpoint.health.group.readiness.include";
        String include = environment.getProperty(key);
        if (include == null || include.isBlank()) {
            include = "readinessState";
        }
        if (Arrays.stream(include.split(",")).map(String::strip).anyMatch("kafka"::equals)) {
            return;
        }
        environment.getPropertySources().remove(KAFKA_READINESS);
        environment.getPropertySources().addFirst(new MapPropertySource(KAFKA_READINESS,
                Map.of(key, include + ",kafka")));
    }
}
