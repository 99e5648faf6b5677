package dev.lalala.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * deploy/stack.yml mounts each Swarm secret as /run/secrets/NAME and sets SPRING_CONFIG_IMPORT to a config tree of
 * that folder: the services' own placeholders (${LALALA_DB_PASSWORD}, ...) then resolve from the files, with the
 * trailing newline `docker secret create` may keep trimmed. Proved here with Spring Boot itself on a folder laid out
 * the same way.
 */
class SwarmSecretsConfigTreeTest {

    @Configuration(proxyBeanMethods = false)
    static class Empty {
    }

    @Test
    void aSecretFileResolvesTheServicesPlaceholder(@TempDir Path runSecrets) throws Exception {
        Files.writeString(runSecrets.resolve("LALALA_DB_PASSWORD"), "s3cret-from-swarm\n");
        Files.writeString(runSecrets.resolve("LALALA_GATEWAY_SECRET"), "gateway-secret");
        SpringApplication app = new SpringApplication(Empty.class);
        app.setWebApplicationType(WebApplicationType.NONE);
        app.setDefaultProperties(java.util.Map.of(
                // as in the services' application.yml
                "spring.datasource.password", "${LALALA_DB_PASSWORD}",
                "lalala.gateway.secret", "${LALALA_GATEWAY_SECRET:}",
                "lalala.auth.operators", "${LALALA_OPERATORS:}"));
        try (ConfigurableApplicationContext context = app.run(
                "--spring.config.import=optional:configtree:" + runSecrets + "/")) {
            assertThat(context.getEnvironment().getProperty("spring.datasource.password")).isEqualTo("s3cret-from-swarm");
            assertThat(context.getEnvironment().getProperty("lalala.gateway.secret")).isEqualTo("gateway-secret");
            assertThat(context.getEnvironment().getProperty("lalala.auth.operators")).isEmpty();
        }
    }
}
