package dev.lalala.infra.test;

import java.util.Locale;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * Where {@link LocalInfra} tests get their servers: from Testcontainers when a Docker engine answers, from the local
 * launcher when not, the same annotation and the same properties either way. {@value #PROPERTY} (system property, or
 * the environment variable {@value #ENVIRONMENT}) forces one: {@code auto} (default), {@code local} or
 * {@code containers} (fails when no Docker engine answers, rather than quietly testing something else).
 */
public final class InfrastructureChoice {

    public static final String PROPERTY = "lalala.test.infrastructure";
    public static final String ENVIRONMENT = "LALALA_TEST_INFRASTRUCTURE";

    public enum Backend {
        /** The local launcher (platform/local-infra): servers as processes from Maven artifacts, no Docker. */
        LOCAL,
        /** Testcontainers (platform/test-support's ContainerInfrastructure). */
        CONTAINERS
    }

    private InfrastructureChoice() {
    }

    /**
     * What this JVM asked for: the system property unless it is blank or {@code auto} (Maven passes {@code auto} by
     * default), else the environment variable, else auto.
     */
    public static String requested() {
        String property = System.getProperty(PROPERTY);
        String environment = System.getenv(ENVIRONMENT);
        boolean propertyIsAuto = property == null || property.isBlank() || property.strip().equalsIgnoreCase("auto");
        return !propertyIsAuto || environment == null || environment.isBlank() ? property : environment;
    }

    /** The container provider on the classpath, if any. */
    public static Optional<ContainerInfrastructureProvider> provider() {
        return ServiceLoader.load(ContainerInfrastructureProvider.class, InfrastructureChoice.class.getClassLoader())
                .findFirst();
    }

    /**
     * The backend for {@code requested} (null or blank: auto), given the container provider found (if any). Docker is
     * asked only when it matters: never for {@code local}.
     */
    public static Backend choose(String requested, Optional<ContainerInfrastructureProvider> provider) {
        String mode = requested == null || requested.isBlank() ? "auto" : requested.strip().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "local" -> Backend.LOCAL;
            case "auto" -> provider.isPresent() && provider.get().dockerAvailable() ? Backend.CONTAINERS
                    : Backend.LOCAL;
            case "containers" -> {
                if (provider.isEmpty()) {
                    throw new IllegalStateException(PROPERTY + "=containers, but no ContainerInfrastructureProvider is "
                            + "on the test classpath (add dev.lalala:test-support)");
                }
                if (!provider.get().dockerAvailable()) {
                    throw new IllegalStateException(PROPERTY + "=containers, but no Docker engine answers");
                }
                yield Backend.CONTAINERS;
            }
            default -> throw new IllegalArgumentException(PROPERTY + " is auto, local or containers, not '"
                    + requested + "'");
        };
    }
}
