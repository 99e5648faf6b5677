package dev.lalala.infra.test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import dev.lalala.infra.Component;
import dev.lalala.infra.Infrastructure;
import dev.lalala.infra.LocalInfrastructure;
import dev.lalala.infra.Settings;

/**
 * The one infrastructure instance of this test JVM: created lazily, started component by component as test classes
 * ask for them, stopped when the JVM exits. Served by Testcontainers when a Docker engine answers, else by the local
 * launcher ({@link InfrastructureChoice}).
 */
public final class TestInfrastructure {

    /** The database created for {@code @LocalInfra(MARIADB)} without {@code databases}. */
    public static final String DEFAULT_DATABASE = "lalala";

    private static Infrastructure instance;
    private static LocalInfrastructure launcher;

    private TestInfrastructure() {
    }

    /** The shared instance (created if needed; components are started by {@link #require}). */
    public static synchronized Infrastructure get() {
        return instance();
    }

    private static Infrastructure instance() {
        if (instance == null) {
            Optional<ContainerInfrastructureProvider> provider = InfrastructureChoice.provider();
            instance = switch (InfrastructureChoice.choose(InfrastructureChoice.requested(), provider)) {
                case CONTAINERS -> provider.orElseThrow().create(TestInfrastructure::launcher);
                case LOCAL -> launcher();
            };
        }
        return instance;
    }

    /** The local launcher's infrastructure (also what the container backend uses for what it does not run). */
    private static synchronized LocalInfrastructure launcher() {
        if (launcher == null) {
            launcher = LocalInfrastructure.create(Settings.forTests());
        }
        return launcher;
    }

    /** Starts the components that are not running yet and creates the databases that do not exist yet. */
    public static synchronized Infrastructure require(Collection<Component> components, Collection<String> databases) {
        Infrastructure infra = instance();
        infra.ensureStarted(components);
        List<String> dbs = effectiveDatabases(components, databases);
        if (!dbs.isEmpty()) {
            infra.ensureDatabases(dbs);
        }
        return infra;
    }

    public static Infrastructure require(Component... components) {
        return require(List.of(components), List.of());
    }

    /** Starts what the annotation asks for. */
    public static Infrastructure require(LocalInfra annotation) {
        return require(List.of(annotation.value()), List.of(annotation.databases()));
    }

    static List<String> effectiveDatabases(Collection<Component> components, Collection<String> databases) {
        List<String> dbs = new ArrayList<>(databases);
        Set<Component> set = components.isEmpty() ? EnumSet.noneOf(Component.class) : EnumSet.copyOf(components);
        if (dbs.isEmpty() && set.contains(Component.MARIADB)) {
            dbs.add(DEFAULT_DATABASE);
        }
        if (!dbs.isEmpty() && !set.contains(Component.MARIADB)) {
            throw new IllegalArgumentException("@LocalInfra(databases = " + dbs + ") needs Component.MARIADB in value()");
        }
        return dbs;
    }
}
