package dev.lalala.testsupport.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.infra.Component;
import dev.lalala.infra.test.InfrastructureChoice;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The Testcontainers backend as @LocalInfra finds it: registered for the ServiceLoader, asking the real
 * DockerClientFactory, and running the images compose runs. On a machine without Docker (this one), automatic
 * choice falls back to the launcher.
 */
class TestcontainersProviderTest {

    @Test
    void localInfraFindsThisProviderThroughTheServiceLoader() {
        assertThat(InfrastructureChoice.provider()).get().isInstanceOf(TestcontainersProvider.class);
    }

    @Test
    void automaticChoiceFollowsWhatDockerClientFactoryAnswers() {
        boolean docker = new TestcontainersProvider().dockerAvailable();
        assertThat(InfrastructureChoice.choose("auto", InfrastructureChoice.provider()))
                .isEqualTo(docker ? InfrastructureChoice.Backend.CONTAINERS : InfrastructureChoice.Backend.LOCAL);
        assertThat(InfrastructureChoice.choose("local", InfrastructureChoice.provider()))
                .isEqualTo(InfrastructureChoice.Backend.LOCAL);
    }

    @Test
    void theContainersAreTheImagesDockerComposeRuns() throws Exception {
        Path compose = Path.of("").toAbsolutePath();
        while (!Files.exists(compose.resolve("docker-compose.yml"))) {
            compose = compose.getParent();
        }
        String yml = Files.readString(compose.resolve("docker-compose.yml"));
        assertThat(yml).contains("image: " + ContainerInfrastructure.MYSQL_IMAGE + "\n",
                "image: " + ContainerInfrastructure.KAFKA_IMAGE + "\n", "image: " + ContainerInfrastructure.NEO4J_IMAGE + "\n");
        assertThat(ContainerInfrastructure.IN_CONTAINERS)
                .containsExactlyInAnyOrder(Component.MARIADB, Component.KAFKA, Component.NEO4J);
    }
}
