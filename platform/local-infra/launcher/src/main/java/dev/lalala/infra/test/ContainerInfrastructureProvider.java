package dev.lalala.infra.test;

import dev.lalala.infra.Infrastructure;
import dev.lalala.infra.LocalInfrastructure;
import java.util.function.Supplier;

/**
 * The Testcontainers backend of {@link LocalInfra}, found with {@link java.util.ServiceLoader} (platform/test-support
 * provides it, so this module needs no Docker library). {@link InfrastructureChoice} asks it whether a Docker engine
 * answers; if so, it makes the test JVM's {@link Infrastructure}.
 */
public interface ContainerInfrastructureProvider {

    /** Whether a Docker engine answers (Testcontainers' DockerClientFactory). */
    boolean dockerAvailable();

    /**
     * The infrastructure of this test JVM, on containers. {@code launcher} gives the local launcher's infrastructure
     * for components the provider does not run in containers (made only if one is asked for).
     */
    Infrastructure create(Supplier<LocalInfrastructure> launcher);
}
