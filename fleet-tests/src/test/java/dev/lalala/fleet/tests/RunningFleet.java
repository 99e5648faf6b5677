package dev.lalala.fleet.tests;

import dev.lalala.fleet.Fleet;
import dev.lalala.fleet.FleetSettings;
import dev.lalala.infra.Home;
import java.util.ArrayList;
import java.util.List;
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
    private static OtlpReceiver otlp;

    /** The OTLP receiver the fleet's services export their spans to (started with the fleet). */
    static synchronized OtlpReceiver otlp() {
        if (otlp == null) {
            otlp = OtlpReceiver.start();
        }
        return otlp;
    }

    static synchronized Fleet get() {
        if (fleet == null) {
            // Two chat-service instances behind the gateway, as `./lalala up --chat-instances 2` runs them: the rooms
            // journey puts its two users on different instances.
            if (System.getProperty(FleetSettings.CHAT_INSTANCES_PROPERTY) == null) {
                System.setProperty(FleetSettings.CHAT_INSTANCES_PROPERTY, "2");
            }
            FleetSettings defaults = FleetSettings.forTests(Home.find());
            // Every journey's client is 127.0.0.1: the per-address login limits would add up the failures of all of
            // them and throttle the next journey's logins. They are tested with real addresses in AccountsIT.
            List<String> jvm = new ArrayList<>(defaults.jvmOptions());
            jvm.add("-Dlalala.auth.throttle.address-free-failures=10000");
            jvm.add("-Dlalala.auth.throttle.address-lock-failures=20000");
            // The same for the gateway's per-address rate limits: the journeys sign up, log in and upload far more
            // than one person would. The limits themselves are tested in the gateway's EdgeProtectionIT.
            for (String rule : List.of("signup", "login", "reset-request", "resend-verification", "upload")) {
                jvm.add("-Dlalala.gateway.limits.rate." + rule + ".requests=100000");
            }
            // Tracing on, as one property turns it on anywhere (docs/observability.md): every service exports its
            // spans over OTLP/HTTP to a receiver in this JVM, which TracingFleetIT reads. Short batches, so a test
            // waits seconds rather than the default 5 s per hop.
            jvm.add("-Dmanagement.opentelemetry.tracing.export.otlp.endpoint=" + otlp().endpoint());
            jvm.add("-Dmanagement.opentelemetry.tracing.export.schedule-delay=500ms");
            FleetSettings settings = new FleetSettings(defaults.infrastructure(), defaults.home(), defaults.baseDir(),
                    defaults.ports(), defaults.detached(), defaults.javaHome(), jvm, defaults.startTimeout(),
                    defaults.startupCache());
            Fleet started = Fleet.create(settings);
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
