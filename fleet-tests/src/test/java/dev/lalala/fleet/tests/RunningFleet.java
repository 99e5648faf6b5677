package dev.lalala.fleet.tests;

import dev.lalala.fleet.Fleet;
import dev.lalala.fleet.FleetSettings;
import dev.lalala.infra.Home;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One fleet per test JVM, started on first use exactly as {@code ./lalala up} starts it (same launcher, free ports
 * and a fresh data folder instead of the developer's), stopped when the JVM's tests are done.
 */
public class RunningFleet implements BeforeAllCallback, ParameterResolver {

    private static Fleet fleet;

    static synchronized Fleet get() {
        if (fleet == null) {
            Fleet started = Fleet.create(FleetSettings.forTests(Home.find()));
            Runtime.getRuntime().addShutdownHook(new Thread(started::down, "fleet-shutdown"));
            long t0 = System.nanoTime();
            started.up();
            System.out.printf("fleet-tests: the fleet was ready in %d s%n", (System.nanoTime() - t0) / 1_000_000_000);
            fleet = started;
        }
        return fleet;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        get();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext extension) {
        return parameter.getParameter().getType() == Fleet.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext extension) {
        return get();
    }
}
