package dev.lalala.fleet;

import dev.lalala.infra.Settings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Where and how the fleet runs. {@link #local()} is what {@code ./lalala up} uses: fixed ports, state under
 * {@code .lalala/} in the checkout, processes that outlive the launcher. {@link #forTests(Path)} is the fleet test
 * suite's: free ports, state in a fresh folder, processes that die with the test JVM.
 */
public record FleetSettings(
        Settings infrastructure,
        Path home,
        Path baseDir,
        Map<FleetService, Integer> ports,
        boolean detached,
        Path javaHome,
        List<String> jvmOptions,
        Duration startTimeout,
        boolean startupCache) {

    /** Heap per service: the fleet must fit a laptop and this 2-core machine next to the infrastructure. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-Xms32m", "-Xmx256m", "-Xss512k", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=192m",
            "-XX:ReservedCodeCacheSize=64m", "-XX:+ExitOnOutOfMemoryError");

    public static FleetSettings local() {
        Settings infra = Settings.local();
        Map<FleetService, Integer> ports = new EnumMap<>(FleetService.class);
        for (FleetService s : FleetService.values()) {
            ports.put(s, portFromEnvironment(s));
        }
        return new FleetSettings(infra, infra.home(), infra.baseDir(), ports, true, currentJavaHome(), jvmOptionsFromEnvironment(),
                Duration.ofMinutes(5), true);
    }

    public static FleetSettings forTests(Path home) {
        Settings infra = Settings.testBuilder(home).build();
        Map<FleetService, Integer> ports = new EnumMap<>(FleetService.class);
        for (FleetService s : FleetService.values()) {
            ports.put(s, 0);
        }
        // No startup cache: a fresh test folder would only pay for training it.
        return new FleetSettings(infra, home, infra.baseDir(), ports, false, currentJavaHome(), jvmOptionsFromEnvironment(),
                Duration.ofMinutes(5), false);
    }

    public Path logDir() {
        return baseDir.resolve("logs");
    }

    public Path runDir() {
        return baseDir.resolve("run");
    }

    /** Shared by track-service (writes segments, covers), streaming-service (reads them) and user-service (avatars). */
    public Path blobRoot() {
        return baseDir.resolve("data").resolve("blobs");
    }

    /** Property (or environment LALALA_CHAT_INSTANCES) for how many chat-service instances run; default 1. */
    public static final String CHAT_INSTANCES_PROPERTY = "lalala.chat.instances";

    /**
     * How many chat-service instances to run (1 to 16): {@code -Dlalala.chat.instances}, else the environment's
     * {@code LALALA_CHAT_INSTANCES}, else 1. Instance n >= 2 listens on chat-service's port + 100 * (n - 1) (a free
     * port in tests); the gateway shares /api/rooms/** and /api/chat/** out over all of them.
     */
    public int chatInstances() {
        String value = System.getProperty(CHAT_INSTANCES_PROPERTY, System.getenv("LALALA_CHAT_INSTANCES"));
        if (value == null || value.isBlank()) {
            return 1;
        }
        int n = Integer.parseInt(value.trim());
        if (n < 1 || n > 16) {
            throw new FleetException("chat instances must be 1 to 16, not " + n);
        }
        return n;
    }

    /** Property (or environment LALALA_GATEWAY_INSTANCES) for how many gateway processes run; default 1. */
    public static final String GATEWAY_INSTANCES_PROPERTY = "lalala.gateway.instances";

    /**
     * How many gateway processes to run (1 to 4): {@code -Dlalala.gateway.instances}, else the environment's
     * {@code LALALA_GATEWAY_INSTANCES}, else 1. With more than one, all listen on the gateway's port with
     * SO_REUSEPORT ({@code lalala.gateway.reuse-port}) and Linux spreads new connections over them: one process holds
     * only about half its open-files limit in proxied WebSockets.
     */
    public int gatewayInstances() {
        String value = System.getProperty(GATEWAY_INSTANCES_PROPERTY, System.getenv("LALALA_GATEWAY_INSTANCES"));
        if (value == null || value.isBlank()) {
            return 1;
        }
        int n;
        try {
            n = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new FleetException("gateway instances must be a number from 1 to 4, not '" + value.trim() + "'");
        }
        if (n < 1 || n > MAX_GATEWAY_INSTANCES) {
            throw new FleetException("gateway instances must be 1 to " + MAX_GATEWAY_INSTANCES + ", not " + n);
        }
        return n;
    }

    /** Most gateway processes on one port; `down` and `status` look for the pid files of this many. */
    public static final int MAX_GATEWAY_INSTANCES = 4;

    /** The blob store of track-, streaming- and user-service, see {@link BlobStorage}. */
    public BlobStorage blobStorage() {
        return BlobStorage.configured();
    }

    public Path jar(FleetService service) {
        return home.resolve(service.id()).resolve("target").resolve(service.id() + ".jar");
    }

    private static int portFromEnvironment(FleetService s) {
        String key = "LALALA_" + s.id().replace("-service", "").replace('-', '_').toUpperCase() + "_PORT";
        String value = System.getenv(key);
        return value == null || value.isBlank() ? s.defaultPort() : Integer.parseInt(value.trim());
    }

    private static Path currentJavaHome() {
        return Path.of(System.getProperty("java.home"));
    }

    private static List<String> jvmOptionsFromEnvironment() {
        String extra = System.getenv("LALALA_SERVICE_JVM_OPTIONS");
        if (extra == null || extra.isBlank()) {
            return DEFAULT_JVM_OPTIONS;
        }
        return java.util.stream.Stream.concat(DEFAULT_JVM_OPTIONS.stream(), List.of(extra.trim().split("\\s+"))
                .stream()).toList();
    }
}
