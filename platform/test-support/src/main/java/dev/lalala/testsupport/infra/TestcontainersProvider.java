package dev.lalala.testsupport.infra;

import dev.lalala.infra.Infrastructure;
import dev.lalala.infra.LocalInfrastructure;
import dev.lalala.infra.test.ContainerInfrastructureProvider;
import java.util.function.Supplier;
import org.testcontainers.DockerClientFactory;

/** Registered in META-INF/services: @LocalInfra's Testcontainers backend (InfrastructureChoice picks it). */
public final class TestcontainersProvider implements ContainerInfrastructureProvider {

    @Override
    public boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    @Override
    public Infrastructure create(Supplier<LocalInfrastructure> launcher) {
        return new ContainerInfrastructure(launcher);
    }
}
