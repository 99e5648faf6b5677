package dev.lalala.fleet;

import dev.lalala.infra.Component;
import dev.lalala.infra.FreePorts;
import dev.lalala.infra.LocalInfrastructure;
import dev.lalala.infra.Processes;
import dev.lalala.infra.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The whole fleet on one machine: the local infrastructure and the nine services, each its own process started
 * from its jar. {@code ./lalala up} and the fleet test suite both go through here, so the suite tests what a
 * developer runs.
 */
public final class Fleet implements AutoCloseable {

    /** The infrastructure every service together needs (S3Mock only with S3 blob storage: {@link #infrastructure(BlobStorage)}). */
    public static final Set<Component> INFRASTRUCTURE = Component.defaults();

    /** What to start for the given blob storage. */
    public static Set<Component> infrastructure(BlobStorage blobs) {
        EnumSet<Component> components = EnumSet.copyOf(INFRASTRUCTURE);
        if (blobs == BlobStorage.S3) {
            components.add(Component.S3MOCK);
        }
        return components;
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final FleetSettings settings;
    private final LocalInfrastructure infrastructure;
    private final Map<FleetService, Integer> ports = new EnumMap<>(FleetService.class);
    private final Map<FleetService, Process> started =
            java.util.Collections.synchronizedMap(new EnumMap<>(FleetService.class));
    private final StartupCache startupCache;
    private final Map<Integer, Process> replicas = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Integer, Integer> replicaPorts = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Integer, Process> gateways = new java.util.concurrent.ConcurrentHashMap<>();

    private Fleet(FleetSettings settings) {
        this.settings = settings;
        this.infrastructure = LocalInfrastructure.create(settings.infrastructure());
        this.startupCache = new StartupCache(settings.javaHome(), settings.baseDir(), settings.logDir());
    }

    public static Fleet create(FleetSettings settings) {
        return new Fleet(settings);
    }

    public FleetSettings settings() {
        return settings;
    }

    public LocalInfrastructure infrastructure() {
        return infrastructure;
    }

    /**
     * Starts the infrastructure and every service that is not running yet, and waits until all are ready.
     *
     * @throws FleetException naming the log to read when something does not come up
     */
    public Fleet up() {
        infrastructure.ensureStarted(infrastructure(settings.blobStorage()));
        infrastructure.ensureDatabases(java.util.Arrays.stream(FleetService.values())
                .map(FleetService::database).filter(Objects::nonNull).toList());
        for (FleetService service : FleetService.values()) {
            if (service == FleetService.GATEWAY) {
                // The gateway learns every instance at start: the chat replicas first.
                for (int instance = 2; instance <= settings.chatInstances(); instance++) {
                    if (runningReplicaPid(instance).isEmpty()) {
                        startReplica(instance);
                    }
                }
            }
            if (runningPid(service).isEmpty()) {
                start(service);
            }
            if (service == FleetService.GATEWAY) {
                for (int instance = 2; instance <= settings.gatewayInstances(); instance++) {
                    if (runningGatewayPid(instance).isEmpty()) {
                        startGateway(instance);
                    }
                }
            }
        }
        for (FleetService service : FleetService.values()) {
            awaitReady(service, settings.startTimeout());
        }
        for (int instance = 2; instance <= settings.chatInstances(); instance++) {
            awaitReplicaReady(instance, settings.startTimeout());
        }
        if (settings.gatewayInstances() > 1) {
            awaitGatewaysReady(settings.gatewayInstances(), settings.startTimeout());
        }
        return this;
    }

    // ---- more gateway processes on the gateway's port (./lalala up --gateway-instances N) ----

    /** The process name of gateway instance n: "gateway" for the first, "gateway-n" for the others (pid file, log). */
    public static String gatewayId(int instance) {
        return instance == 1 ? FleetService.GATEWAY.id() : FleetService.GATEWAY.id() + "-" + instance;
    }

    /**
     * Starts gateway instance n (n >= 2) on the gateway's own port: the fleet runs every gateway with SO_REUSEPORT
     * when it runs more than one, so the kernel spreads new connections over them.
     */
    public synchronized void startGateway(int instance) {
        if (instance < 2) {
            throw new IllegalArgumentException("gateway instance 1 is FleetService.GATEWAY: start(GATEWAY)");
        }
        int port = port(FleetService.GATEWAY);
        launch(FleetService.GATEWAY, gatewayId(instance), port, gatewayProperties(instance),
                process -> gateways.put(instance, process), gatewayPidFile(instance));
    }

    /** What gateway instance n is started with: instance 1 is the gateway as {@link #start} starts it. */
    Map<String, Object> gatewayProperties(int instance) {
        int port = port(FleetService.GATEWAY);
        Map<String, Object> properties = properties(FleetService.GATEWAY, port);
        if (instance > 1) {
            // Its own identity: the instances share the port, which the default id is made of.
            properties.put("lalala.instance-id", gatewayId(instance) + "-" + port);
            properties.put("lalala.gateway.reuse-port", true);
            properties.put(GATEWAY_PROCESS_TAG, gatewayId(instance));
        }
        return properties;
    }

    /** Stops gateway instance n (n = 1 is {@code stop(GATEWAY)}); the others keep serving the port. */
    public void stopGateway(int instance) {
        if (instance == 1) {
            stop(FleetService.GATEWAY);
            return;
        }
        runningGatewayPid(instance).ifPresent(pid -> Processes.terminate(pid, Duration.ofSeconds(30)));
        Process process = gateways.remove(instance);
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(gatewayPidFile(instance));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Optional<Long> runningGatewayPid(int instance) {
        if (instance == 1) {
            return runningPid(FleetService.GATEWAY);
        }
        Process process = gateways.get(instance);
        if (process != null) {
            return process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
        }
        return readPidFile(gatewayPidFile(instance)).map(r -> r[0]).filter(Processes::isAlive);
    }

    /**
     * Waits until each of gateway instances 1..n has answered ready. They share one port, so a probe reaches
     * whichever the kernel picks: each probe is a new connection to the gateway's Prometheus scrape (the fleet tags
     * every gateway's metrics with its process name when it runs several), and an instance counts as ready once an
     * answer from it carries the gauge Spring Boot registers when the application is ready.
     */
    public void awaitGatewaysReady(int instances, Duration timeout) {
        Set<String> expected = new java.util.TreeSet<>();
        for (int n = 1; n <= instances; n++) {
            expected.add(gatewayId(n));
        }
        Set<String> ready = new java.util.TreeSet<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (int n = 1; n <= instances; n++) {
                if (runningGatewayPid(n).isEmpty()) {
                    throw new FleetException(gatewayId(n) + " stopped while starting; last lines of its log:\n"
                            + Processes.tail(settings.logDir().resolve(gatewayId(n) + ".log"), 40));
                }
            }
            for (int i = 0; i < 4 * instances && !ready.containsAll(expected); i++) {
                servingGateway(port(FleetService.GATEWAY)).ifPresent(ready::add);
            }
            if (ready.containsAll(expected)) {
                return;
            }
            sleep(250);
        }
        expected.removeAll(ready);
        throw new FleetException(String.join(", ", expected) + " not ready after " + timeout.toSeconds() + " s; see "
                + settings.logDir());
    }

    /** The metrics tag that names a gateway process when several share the port. */
    static final String GATEWAY_PROCESS_TAG = "management.metrics.tags.fleet_process";

    private static final java.util.regex.Pattern READY_GAUGE = java.util.regex.Pattern.compile(
            "(?m)^application_ready_time_seconds\\{[^}]*fleet_process=\"([^\"]+)\"");

    /**
     * Over a new connection (the kernel spreads connections, not requests): the name of the gateway process that
     * answered, if it is ready. Empty when nothing or a not-ready process answered.
     */
    public static Optional<String> servingGateway(int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(("GET /actuator/prometheus?includedNames=application_ready_time_seconds"
                    + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (!response.startsWith("HTTP/1.1 200")) {
                return Optional.empty();
            }
            java.util.regex.Matcher m = READY_GAUGE.matcher(response);
            return m.find() ? Optional.of(m.group(1)) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Path gatewayPidFile(int instance) {
        return instance == 1 ? pidFile(FleetService.GATEWAY) : settings.runDir().resolve(gatewayId(instance) + ".pid");
    }

    /** Gateway instances n >= 2 whose pid files a previous `up` left, whatever --gateway-instances says now. */
    private List<Integer> recordedGateways() {
        List<Integer> found = new ArrayList<>();
        for (int n = 2; n <= FleetSettings.MAX_GATEWAY_INSTANCES; n++) {
            if (Files.isRegularFile(gatewayPidFile(n)) || gateways.containsKey(n)) {
                found.add(n);
            }
        }
        return found;
    }

    // ---- more chat-service instances (./lalala up --chat-instances N) ----

    /** The process name of chat-service instance n (n >= 2): its pid file, log and Kafka member id differ. */
    static String replicaId(int instance) {
        return FleetService.CHAT.id() + "-" + instance;
    }

    /** Starts chat-service instance n (n >= 2) on its own port, sharing the database and Kafka with instance 1. */
    public synchronized void startReplica(int instance) {
        int port = replicaPort(instance);
        Map<String, Object> properties = properties(FleetService.CHAT, port);
        properties.put("lalala.chat.instance-id", replicaId(instance));
        launch(FleetService.CHAT, replicaId(instance), port, properties, process -> replicas.put(instance, process),
                replicaPidFile(instance));
    }

    public void stopReplica(int instance) {
        runningReplicaPid(instance).ifPresent(pid -> Processes.terminate(pid, Duration.ofSeconds(30)));
        Process process = replicas.remove(instance);
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(replicaPidFile(instance));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** chat-service instance n's URL (n = 1 is the chat-service of {@link #url(FleetService)}). */
    public String chatUrl(int instance) {
        return instance == 1 ? url(FleetService.CHAT) : "http://127.0.0.1:" + replicaPort(instance);
    }

    public void awaitReplicaReady(int instance, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (runningReplicaPid(instance).isEmpty()) {
                throw new FleetException(replicaId(instance) + " stopped while starting; last lines of its log:\n"
                        + Processes.tail(settings.logDir().resolve(replicaId(instance) + ".log"), 40));
            }
            if (isReady(chatUrl(instance))) {
                return;
            }
            sleep(250);
        }
        throw new FleetException(replicaId(instance) + " was not ready after " + timeout.toSeconds() + " s");
    }

    public Optional<Long> runningReplicaPid(int instance) {
        Process process = replicas.get(instance);
        if (process != null) {
            return process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
        }
        return readPidFile(replicaPidFile(instance)).map(r -> r[0]).filter(Processes::isAlive);
    }

    /** Instance n's port: recorded in its pid file while it runs, else chat-service's port + 100 * (n - 1), else free. */
    synchronized int replicaPort(int instance) {
        return replicaPorts.computeIfAbsent(instance, n -> readPidFile(replicaPidFile(n))
                .filter(r -> Processes.isAlive(r[0])).map(r -> (int) r[1])
                .orElseGet(() -> settings.ports().getOrDefault(FleetService.CHAT, FleetService.CHAT.defaultPort()) == 0
                        ? freePort() : port(FleetService.CHAT) + 100 * (n - 1)));
    }

    private Path replicaPidFile(int instance) {
        return settings.runDir().resolve(replicaId(instance) + ".pid");
    }

    /** The pid files of chat replicas a previous `up` left, whatever --chat-instances says now. */
    private List<Integer> recordedReplicas() {
        List<Integer> found = new ArrayList<>();
        for (int n = 2; n <= 16; n++) {
            if (Files.isRegularFile(replicaPidFile(n)) || replicas.containsKey(n)) {
                found.add(n);
            }
        }
        return found;
    }

    /** Starts one service (without waiting for it). */
    public synchronized void start(FleetService service) {
        int port = port(service);
        launch(service, service.id(), port, properties(service, port), process -> started.put(service, process),
                pidFile(service));
    }

    /** Starts a process of the service under a name (its log and pid file), with these properties. */
    private void launch(FleetService service, String name, int port, Map<String, Object> properties,
            java.util.function.Consumer<Process> register, Path pidFile) {
        Path jar = settings.jar(service);
        if (!Files.isRegularFile(jar)) {
            throw new FleetException(jar + " is missing: build first (./lalala build, or ./mvnw package)");
        }
        List<String> command = new ArrayList<>();
        command.add(settings.javaHome().resolve("bin").resolve("java").toString());
        command.addAll(settings.jvmOptions());
        command.add("-Dlalala.fleet.service=" + name);
        // Extra chat instances run without the startup cache: one process per service trains and writes it.
        if (settings.startupCache() && name.equals(service.id())) {
            command.addAll(startupCache.launch(service, jar));
        } else {
            command.add("-jar");
            command.add(settings.detached() ? jar.toString() : privateCopy(name, jar).toString());
        }
        Map<String, String> environment = credentials(service);
        environment.put("SPRING_APPLICATION_JSON", Json.object(properties));
        Path log = settings.logDir().resolve(name + ".log");
        try {
            Files.createDirectories(settings.runDir());
            Process process = Processes.spawnDetached(command, environment, settings.home(), log);
            register.accept(process);
            if (!settings.detached()) {
                // Services must not outlive a test JVM that was killed.
                boolean ownGroup = Processes.awaitOwnProcessGroup(process);
                if (ownGroup) {
                    Processes.startWatchdog(ProcessHandle.current().pid(), process.pid());
                }
            }
            Files.writeString(pidFile, process.pid() + " " + port + "\n");
        } catch (IOException e) {
            throw new FleetException("could not start " + name + ": " + e.getMessage(), e);
        }
    }

    /**
     * A test fleet runs its own copy of each jar: a build that rewrites {@code <module>/target/<module>.jar} while
     * the tests run (another test run, an IDE) would otherwise pull classes out from under the running service.
     */
    private Path privateCopy(String name, Path jar) {
        // One copy per process, not per service: a second chat instance copying over the first one's jar while it
        // starts pulled classes out from under it (NoClassDefFoundError in a fleet test).
        Path copy = settings.baseDir().resolve("jars").resolve(name + ".jar");
        try {
            Files.createDirectories(copy.getParent());
            Files.copy(jar, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return copy;
        } catch (IOException e) {
            throw new FleetException("could not copy " + jar + " to " + copy + ": " + e.getMessage(), e);
        }
    }

    /** Stops one service (SIGTERM, then SIGKILL after a grace period). */
    public void stop(FleetService service) {
        // The first stop after a build writes the startup cache (a child JVM assembles it): give it time.
        Duration grace = settings.startupCache() && startupCache.isTraining(service) ? Duration.ofMinutes(3) : Duration.ofSeconds(30);
        runningPid(service).ifPresent(pid -> Processes.terminate(pid, grace));
        Process process = started.remove(service);
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
        }
        try {
            Files.deleteIfExists(pidFile(service));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops every service (the gateways first, so nothing new comes in; then the rest at once), then the infrastructure. */
    public void down() {
        List<Thread> gatewaysStopping = new ArrayList<>();
        for (int instance : recordedGateways()) {
            gatewaysStopping.add(Thread.ofPlatform().name("stop-" + gatewayId(instance)).start(() -> stopGateway(instance)));
        }
        stop(FleetService.GATEWAY);
        join(gatewaysStopping);
        List<Thread> stopping = new ArrayList<>();
        for (int instance : recordedReplicas()) {
            stopping.add(Thread.ofPlatform().name("stop-" + replicaId(instance)).start(() -> stopReplica(instance)));
        }
        for (FleetService service : FleetService.values()) {
            if (service != FleetService.GATEWAY) {
                stopping.add(Thread.ofPlatform().name("stop-" + service.id()).start(() -> stop(service)));
            }
        }
        join(stopping);
        infrastructure.stopAll();
    }

    private static void join(List<Thread> threads) {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FleetException("interrupted while stopping", e);
            }
        }
    }

    @Override
    public void close() {
        down();
    }

    /** Waits until the service answers its readiness probe; fails fast if its process died. */
    public void awaitReady(FleetService service, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (runningPid(service).isEmpty()) {
                throw new FleetException(service.id() + " stopped while starting; last lines of its log:\n"
                        + Processes.tail(settings.logDir().resolve(service.id() + ".log"), 40));
            }
            if (isReady(service)) {
                return;
            }
            sleep(250);
        }
        throw new FleetException(service.id() + " was not ready after " + timeout.toSeconds() + " s; see "
                + settings.logDir().resolve(service.id() + ".log"));
    }

    public boolean isReady(FleetService service) {
        return isReady(url(service));
    }

    private static boolean isReady(String url) {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create(url + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A readiness probe's answer: whether it answered at all, whether ready, and the components not UP. */
    public record Readiness(boolean answered, boolean ready, List<String> missing) {
    }

    /** Asks the service's readiness probe (components are shown to anyone, so the missing ones can be named). */
    public Readiness readiness(FleetService service) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                            URI.create(url(service) + "/actuator/health/readiness"))
                    .timeout(Duration.ofSeconds(3)).GET().build(), HttpResponse.BodyHandlers.ofString());
            List<String> missing = new ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern
                    .compile("\"([A-Za-z0-9_.-]+)\"\\s*:\\s*\\{\\s*\"status\"\\s*:\\s*\"([A-Z_]+)\"")
                    .matcher(response.body());
            while (m.find()) {
                if (!"UP".equals(m.group(2)) && !"components".equals(m.group(1))) {
                    missing.add(m.group(1));
                }
            }
            return new Readiness(true, response.statusCode() == 200, missing);
        } catch (IOException e) {
            return new Readiness(false, false, List.of());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Readiness(false, false, List.of());
        }
    }

    public List<ServiceStatus> status() {
        List<ServiceStatus> statuses = new ArrayList<>();
        for (FleetService service : FleetService.values()) {
            Optional<Long> pid = runningPid(service);
            if (pid.isEmpty()) {
                statuses.add(new ServiceStatus(service, ServiceStatus.State.DOWN, 0, port(service), 0));
            } else {
                Readiness readiness = readiness(service);
                ServiceStatus.State state = readiness.ready() ? ServiceStatus.State.UP
                        : readiness.answered() ? ServiceStatus.State.DEGRADED : ServiceStatus.State.STARTING;
                statuses.add(new ServiceStatus(service, state, pid.get(), port(service), Processes.rssKib(pid.get()),
                        readiness.missing()));
            }
        }
        return statuses;
    }

    public String url(FleetService service) {
        return "http://127.0.0.1:" + port(service);
    }

    public String gatewayUrl() {
        return url(FleetService.GATEWAY);
    }

    /** The port a service listens on: from its pid file when running, else configured, else a free one. */
    public synchronized int port(FleetService service) {
        return ports.computeIfAbsent(service, s -> recordedPort(s).orElseGet(() -> {
            int configured = settings.ports().getOrDefault(s, s.defaultPort());
            return configured == 0 ? freePort() : configured;
        }));
    }

    /** The pid of the service's process, if one is running. */
    public Optional<Long> runningPid(FleetService service) {
        Process process = started.get(service);
        if (process != null) {
            return process.isAlive() ? Optional.of(process.pid()) : Optional.empty();
        }
        return readPidFile(service).map(r -> r[0]).filter(Processes::isAlive);
    }

    /**
     * The secrets a service's process gets: its own database password; for auth-service, the key that encrypts
     * its signing key and the gateway's secret; for the gateway, that secret; every other secret this launcher's own environment may carry (an override, a sourced
     * {@code secrets.env}) is removed from the inherited environment (null removes).
     */
    Map<String, String> credentials(FleetService service) {
        Map<String, String> environment = new LinkedHashMap<>();
        List<String> databases = java.util.Arrays.stream(FleetService.values()).map(FleetService::database)
                .filter(Objects::nonNull).toList();
        for (String name : Secrets.sensitiveNames(databases)) {
            environment.put(name, null);
        }
        environment.put("LALALA_DB_PASSWORD", null);
        environment.put("SPRING_DATASOURCE_PASSWORD", null);
        if (service.database() != null) {
            environment.put("LALALA_DB_PASSWORD", infrastructure.dbPassword(service.database()));
        }
        // The gateway's secret: auth-service believes X-Forwarded-For only from a caller that shows it.
        String gatewaySecret = infrastructure.secrets().get(Secrets.GATEWAY_SECRET, Secrets::newKey);
        if (service == FleetService.AUTH) {
            environment.put(Secrets.AUTH_SIGNING_KEY_SECRET,
                    infrastructure.secrets().get(Secrets.AUTH_SIGNING_KEY_SECRET, Secrets::newKey));
        }
        if (service == FleetService.AUTH || service == FleetService.GATEWAY) {
            environment.put(Secrets.GATEWAY_SECRET, gatewaySecret);
        }
        return environment;
    }

    private Map<String, Object> properties(FleetService service, int port) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.port", port);
        // Stable across restarts: Kafka static membership and job leases are taken back at once (docs/operations.md).
        p.put("lalala.instance-id", service.id() + "-" + port);
        p.put("spring.profiles.active", "local");
        List<String> databases = service.database() == null ? List.of() : List.of(service.database());
        p.putAll(infrastructure.springProperties(service.infrastructure(), databases));
        p.put("lalala.security.jwk-set-uri", url(FleetService.AUTH) + "/api/auth/.well-known/jwks.json");
        p.putAll(blobProperties(service));
        if (service == FleetService.PLAYLIST) {
            // Songs added to a playlist are checked with track-service, wherever the fleet put it.
            p.put("lalala.playlist.track-service.url", url(FleetService.TRACK));
        }
        if (service == FleetService.GATEWAY) {
            for (FleetService downstream : FleetService.values()) {
                if (downstream != FleetService.GATEWAY) {
                    p.put("lalala.services." + downstream.gatewayKey() + ".uri", url(downstream));
                }
            }
            if (settings.chatInstances() > 1) {
                List<String> replicaUrls = new ArrayList<>();
                for (int instance = 2; instance <= settings.chatInstances(); instance++) {
                    replicaUrls.add(chatUrl(instance));
                }
                p.put("lalala.services." + FleetService.CHAT.gatewayKey() + ".replicas", String.join(",", replicaUrls));
            }
            if (settings.gatewayInstances() > 1) {
                // Several gateways on one port (startGateway overrides the name for instances 2..n); a single
                // gateway keeps a socket no other process can share, and metrics without the tag.
                p.put("lalala.gateway.reuse-port", true);
                p.put(GATEWAY_PROCESS_TAG, gatewayId(1));
            }
        }
        return p;
    }

    /** track-, streaming- and user-service share one blob store: a folder, or S3Mock's bucket. */
    private Map<String, String> blobProperties(FleetService service) {
        if (!BlobStorage.USERS.contains(service)) {
            return Map.of();
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("lalala.blob.filesystem.root", settings.blobRoot().toString());
        if (settings.blobStorage() == BlobStorage.S3) {
            p.putAll(infrastructure.springProperties(List.of(Component.S3MOCK), List.of()));
        } else {
            p.put("lalala.blob.store", "filesystem");
        }
        return p;
    }

    private Path pidFile(FleetService service) {
        return settings.runDir().resolve(service.id() + ".pid");
    }

    /** A pid file holds "pid port". */
    private Optional<long[]> readPidFile(FleetService service) {
        return readPidFile(pidFile(service));
    }

    private static Optional<long[]> readPidFile(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Optional.empty();
            }
            String[] parts = Files.readString(file).trim().split("\\s+");
            return Optional.of(new long[] {Long.parseLong(parts[0]), Long.parseLong(parts[1])});
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private Optional<Integer> recordedPort(FleetService service) {
        return readPidFile(service).filter(r -> Processes.isAlive(r[0])).map(r -> (int) r[1]);
    }

    private static int freePort() {
        return FreePorts.next();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FleetException("interrupted", e);
        }
    }
}
