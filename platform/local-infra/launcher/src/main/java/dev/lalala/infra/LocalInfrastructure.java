package dev.lalala.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

/**
 * Starts, finds and stops the infrastructure: one code path for tests ({@link Settings#forTests()}, used by
 * {@code @LocalInfra}), the CLI ({@link LocalInfraCli}) and the fleet launcher ({@link #start(Settings)}).
 * <p>
 * Every component runs as its own OS process, in its own process group, detached from the terminal. In
 * {@link Settings.Mode#LOCAL} they outlive this JVM and are found again through {@code <base>/run/<component>.pid}
 * and {@code .properties}; {@link #close()} leaves them running (use {@link #stopAll()}). In
 * {@link Settings.Mode#TEST} they are stopped by {@link #close()} or a JVM shutdown hook, and, should this JVM be
 * killed, by a watchdog per process (and the Kafka, Neo4j and mail JVMs watch this JVM themselves).
 */
public final class LocalInfrastructure implements Infrastructure, AutoCloseable {

    private static final String NEO4J_USER = "neo4j";
    private static final String NEO4J_PASSWORD = "lalala-local";

    private final Settings settings;
    private final Map<Component, ComponentServer> servers = new ConcurrentHashMap<>();
    private final Map<Component, Running> running = new ConcurrentHashMap<>();
    private final Map<String, String> passwords = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Set<Integer> usedPorts = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Set<Component> unverified = ConcurrentHashMap.newKeySet();
    private volatile MailReader mailReader;
    private Thread shutdownHook;
    private volatile boolean closed;

    /** One running component process. */
    private record Running(Component component, long pid, long processStartMillis, int port, int secondaryPort,
                           Duration startDuration, Process watchdog) {
    }

    private LocalInfrastructure(Settings settings) {
        this.settings = settings;
    }

    /**
     * An infrastructure handle without starting anything. In LOCAL mode it finds the components already running
     * (pid files), so that {@link #status()}, {@link #environment()} and {@link #stopAll()} work from a new JVM.
     */
    public static LocalInfrastructure create(Settings settings) {
        LocalInfrastructure infra = new LocalInfrastructure(settings);
        infra.init();
        return infra;
    }

    /** Starts the default components (all but the opt-in S3MOCK). */
    public static LocalInfrastructure start(Settings settings) {
        return start(settings, Component.defaults());
    }

    /** Starts the given components (those already running in LOCAL mode are left alone). */
    public static LocalInfrastructure start(Settings settings, Collection<Component> components) {
        LocalInfrastructure infra = create(settings);
        try {
            infra.ensureStarted(components);
        } catch (RuntimeException e) {
            if (settings.mode() == Settings.Mode.TEST) {
                infra.close();
            }
            throw e;
        }
        return infra;
    }

    public Settings settings() {
        return settings;
    }

    private void init() {
        if (settings.mode() == Settings.Mode.TEST) {
            // owner first: a sibling test JVM cleaning leftovers must see that this folder is alive
            ProcessHandle self = ProcessHandle.current();
            writeProperties(settings.baseDir().resolve("owner.properties"), Map.of(
                    "pid", Long.toString(self.pid()),
                    "processStart", Long.toString(self.info().startInstant().map(Instant::toEpochMilli).orElse(0L))));
        }
        try {
            Files.createDirectories(settings.baseDir());
            Files.createDirectories(settings.logDir());
            Files.createDirectories(settings.runDir());
            Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new InfrastructureException("cannot create " + settings.baseDir() + ": " + e, e);
        }
        if (settings.mode() == Settings.Mode.TEST) {
            cleanStaleTestInstances();
            shutdownHook = new Thread(this::close, "local-infra-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            for (Component c : Component.values()) {
                adopt(c);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ lifecycle

    @Override
    public synchronized LocalInfrastructure ensureStarted(Collection<Component> components) {
        if (closed) {
            throw new IllegalStateException("this infrastructure is closed");
        }
        EnumSet<Component> requested = EnumSet.noneOf(Component.class);
        requested.addAll(components);
        List<Component> missing = new ArrayList<>();
        for (Component c : requested) {
            Running r = running.get(c);
            if (r != null && Processes.isSameProcess(r.pid(), r.processStartMillis())) {
                continue;
            }
            if (r != null) {
                settings.log(c.id() + ": process " + r.pid() + " is gone; starting it again. Read " + server(c).logFile());
                forget(c);
            }
            if (settings.mode() == Settings.Mode.LOCAL && adopt(c)) {
                continue;
            }
            missing.add(c);
        }
        // Components found running through their pid files (LOCAL) are checked and re-provisioned once: databases
        // and templates are idempotent.
        List<Component> adopted = requested.stream().filter(c -> !missing.contains(c) && unverified.remove(c)).toList();
        Map<Component, Throwable> failures = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (Component c : missing) {
            threads.add(Thread.ofPlatform().name("local-infra-start-" + c.id()).start(() -> {
                try {
                    startOne(c);
                } catch (Throwable e) {
                    failures.put(c, e);
                }
            }));
        }
        for (Component c : adopted) {
            threads.add(Thread.ofPlatform().name("local-infra-check-" + c.id()).start(() -> {
                try {
                    awaitAdopted(c);
                } catch (Throwable e) {
                    failures.put(c, e);
                }
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfrastructureException("interrupted while starting " + missing);
            }
        }
        if (!failures.isEmpty()) {
            StringBuilder message = new StringBuilder("could not start " + failures.keySet().stream()
                    .map(Component::id).sorted().toList() + ":");
            InfrastructureException ex = new InfrastructureException("");
            for (Map.Entry<Component, Throwable> f : failures.entrySet()) {
                message.append("\n\n").append(f.getKey().id()).append(": ").append(f.getValue().getMessage());
                ex.addSuppressed(f.getValue());
            }
            InfrastructureException thrown = new InfrastructureException(message.toString());
            for (Throwable t : ex.getSuppressed()) {
                thrown.addSuppressed(t);
            }
            throw thrown;
        }
        return this;
    }

    private ComponentServer server(Component c) {
        return servers.computeIfAbsent(c, k -> ComponentServer.create(k, settings));
    }

    private void startOne(Component c) throws Exception {
        ComponentServer server = server(c);
        server.prepare();
        int attempts = settings.mode() == Settings.Mode.TEST ? 3 : 1;
        for (int attempt = 1; ; attempt++) {
            int[] ports = choosePorts(c);
            try {
                launchAndAwait(c, server, ports[0], ports[1]);
                break;
            } catch (ProcessDiedException e) {
                if (attempt >= attempts) {
                    throw new InfrastructureException(e.getMessage());
                }
                settings.log(c.id() + ": died while starting (attempt " + attempt + ", ports " + ports[0] + "/" + ports[1]
                        + "); retrying on other ports");
            }
        }
        provision(c);
    }

    /** The process exited before it was ready (e.g. a port taken meanwhile): worth a retry in TEST mode. */
    private static final class ProcessDiedException extends Exception {
        private static final long serialVersionUID = 1L;

        ProcessDiedException(String message) {
            super(message);
        }
    }

    private void launchAndAwait(Component c, ComponentServer server, int port, int secondaryPort) throws Exception {
        String where = "127.0.0.1:" + port + (c.hasSecondaryPort() ? " (" + c.secondaryPortName() + " " + secondaryPort + ")" : "");
        settings.log("starting " + c.id() + " on " + where + ", log " + server.logFile());
        appendLogMarker(server.logFile(), "---- " + Instant.now() + " starting " + c.id() + " on " + where + " ----");
        long t0 = System.nanoTime();
        Process process = server.launch(port, secondaryPort);
        long pid = process.pid();
        long processStart = Processes.startInstant(pid).map(Instant::toEpochMilli).orElse(0L);
        Process watchdog = null;
        if (settings.mode() == Settings.Mode.TEST && Processes.awaitOwnProcessGroup(process)) {
            watchdog = Processes.startWatchdog(ProcessHandle.current().pid(), pid);
        }
        Running r = new Running(c, pid, processStart, port, secondaryPort, null, watchdog);
        running.put(c, r);
        writeRunFiles(r);
        long deadline = t0 + settings.startTimeout().toNanos();
        while (true) {
            if (server.isReady(pid, port, secondaryPort)) {
                break;
            }
            if (closed) {
                forget(c);
                Processes.terminate(pid, server.stopTimeout());
                throw new InfrastructureException("closed while " + c.id() + " was starting");
            }
            if (!process.isAlive()) {
                int exit = process.exitValue();
                forget(c);
                Processes.terminate(pid, Duration.ofSeconds(10));
                throw new ProcessDiedException(c.id() + " exited with code " + exit + " while starting. Read " + server.logFile()
                        + logTails(server));
            }
            if (System.nanoTime() > deadline) {
                forget(c);
                Processes.terminate(pid, server.stopTimeout());
                throw new InfrastructureException(c.id() + " did not become ready within " + settings.startTimeout().toSeconds()
                        + " s. Read " + server.logFile() + logTails(server));
            }
            Thread.sleep(100);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        Running done = new Running(c, pid, processStart, port, secondaryPort, took, watchdog);
        running.put(c, done);
        writeRunFiles(done);
        settings.log(c.id() + " up on " + where + " in " + seconds(took) + " (pid " + pid + ")");
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private String logTails(ComponentServer server) {
        StringBuilder sb = new StringBuilder("\n--- last lines of " + server.logFile() + " ---\n")
                .append(Processes.tail(server.logFile(), 40));
        for (Path extra : server.extraLogs()) {
            if (Files.exists(extra)) {
                sb.append("\n--- last lines of ").append(extra).append(" ---\n").append(Processes.tail(extra, 20));
            }
        }
        return sb.toString();
    }

    private void provision(Component c) throws Exception {
        Running r = running.get(c);
        ComponentServer server = server(c);
        server.afterStart(r.port(), r.secondaryPort());
        if (c == Component.MARIADB) {
            List<String> wanted = new ArrayList<>(settings.databases());
            synchronized (passwords) {
                wanted.addAll(passwords.keySet());
            }
            provisionDatabases(wanted, true);
        }
    }

    /** LOCAL mode: takes over a component found running through its pid file; cleans a stale pid file. */
    private boolean adopt(Component c) {
        Properties props = readProperties(runProperties(c));
        if (props == null) {
            return false;
        }
        long pid = Long.parseLong(props.getProperty("pid", "0"));
        long start = Long.parseLong(props.getProperty("processStart", "0"));
        if (!Processes.isSameProcess(pid, start)) {
            settings.log(c.id() + ": removing stale pid file (process " + pid + " is gone)");
            deleteRunFiles(c);
            return false;
        }
        String took = props.getProperty("startMillis");
        running.put(c, new Running(c, pid, start, Integer.parseInt(props.getProperty("port")),
                Integer.parseInt(props.getProperty("secondaryPort", "0")),
                took == null ? null : Duration.ofMillis(Long.parseLong(took)), null));
        unverified.add(c);
        return true;
    }

    private void awaitAdopted(Component c) throws Exception {
        Running r = running.get(c);
        ComponentServer server = server(c);
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        while (!server.isHealthy(r.port(), r.secondaryPort())) {
            if (!Processes.isSameProcess(r.pid(), r.processStartMillis())) {
                forget(c);
                throw new InfrastructureException(c.id() + " (pid " + r.pid() + ") died. Read " + server.logFile() + logTails(server));
            }
            if (System.nanoTime() > deadline) {
                throw new InfrastructureException(c.id() + " is running (pid " + r.pid() + ") but does not answer on port "
                        + r.port() + ". Read " + server.logFile() + "; `down " + c.id() + "` and `up` again." + logTails(server));
            }
            Thread.sleep(200);
        }
        settings.log(c.id() + " already running on 127.0.0.1:" + r.port() + " (pid " + r.pid() + ")");
        provision(c);
    }

    /** Stops the given components (their whole process trees). */
    public void stop(Collection<Component> components) {
        List<Thread> threads = new ArrayList<>();
        for (Component c : components) {
            Running r = running.get(c);
            if (r == null) {
                continue;
            }
            threads.add(Thread.ofPlatform().name("local-infra-stop-" + c.id()).start(() -> {
                long t0 = System.nanoTime();
                boolean ok = true;
                if (Processes.isSameProcess(r.pid(), r.processStartMillis())) {
                    ok = Processes.terminate(r.pid(), server(c).stopTimeout());
                }
                if (r.watchdog() != null) {
                    r.watchdog().destroy();
                }
                forget(c);
                settings.log(c.id() + (ok ? " stopped" : " could not be stopped") + " (pid " + r.pid() + ", "
                        + seconds(Duration.ofNanos(System.nanoTime() - t0)) + ")");
            }));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        if (!running.containsKey(Component.MARIADB)) {
            passwords.clear();
        }
        if (!running.containsKey(Component.MAIL)) {
            mailReader = null;
        }
    }

    /** Stops every component this infrastructure runs (in LOCAL mode: every component with a pid file). */
    public void stopAll() {
        stop(EnumSet.allOf(Component.class));
    }

    /**
     * TEST mode: stops everything and deletes the data (logs are kept). LOCAL mode: leaves the processes running
     * (call {@link #stopAll()} to stop them).
     */
    @Override
    public void close() {
        if (settings.mode() != Settings.Mode.TEST) {
            return;
        }
        synchronized (running) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // Not synchronized with ensureStarted: a start in progress sees `closed` and stops its process.
        stopAll();
        servers.values().forEach(ComponentServer::deleteData);
        Runtimes.deleteTree(settings.dataDir());
        Runtimes.deleteTree(settings.runDir());
        try {
            Files.deleteIfExists(settings.baseDir().resolve("owner.properties"));
        } catch (IOException ignored) {
            // best effort
        }
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // shutting down already
            }
        }
    }

    private void forget(Component c) {
        running.remove(c);
        unverified.remove(c);
        deleteRunFiles(c);
    }

    /** What {@code status} prints: one line per component. */
    public List<ComponentStatus> status() {
        List<ComponentStatus> result = new ArrayList<>();
        for (Component c : Component.values()) {
            Running r = running.get(c);
            ComponentServer server = server(c);
            if (r != null && Processes.isSameProcess(r.pid(), r.processStartMillis())) {
                result.add(new ComponentStatus(c, true, server.isHealthy(r.port(), r.secondaryPort()), r.pid(), r.port(),
                        r.secondaryPort(), Processes.rssKib(r.pid()), r.startDuration(), server.logFile()));
            } else {
                result.add(new ComponentStatus(c, false, false, 0, settings.port(c), settings.secondaryPort(c), 0,
                        r == null ? null : r.startDuration(), server.logFile()));
            }
        }
        return result;
    }

    // ---------------------------------------------------------------------------------------------------- ports

    private int[] choosePorts(Component c) {
        int port = settings.port(c);
        int secondary = c.hasSecondaryPort() ? settings.secondaryPort(c) : 0;
        if (settings.mode() == Settings.Mode.TEST || port == 0 || (c.hasSecondaryPort() && secondary == 0)) {
            synchronized (usedPorts) {
                if (port == 0) {
                    port = freePort();
                }
                if (c.hasSecondaryPort() && secondary == 0) {
                    secondary = freePort();
                }
            }
        }
        if (settings.mode() == Settings.Mode.LOCAL) {
            requireFree(c, port, c.portEnvironmentVariable());
            if (c.hasSecondaryPort()) {
                requireFree(c, secondary, c.secondaryPortEnvironmentVariable());
            }
        }
        return new int[] {port, secondary};
    }

    private static void requireFree(Component c, int port, String variable) {
        if (!Probes.isFree(port)) {
            throw new InfrastructureException("port " + port + " for " + c.id() + " is already in use by another program;"
                    + " choose another with " + variable + "=<port>");
        }
    }

    private int freePort() {
        int port = FreePorts.next();
        usedPorts.add(port);
        return port;
    }

    // -------------------------------------------------------------------------------------------- run files

    private Path runProperties(Component c) {
        return settings.runDir().resolve(c.id() + ".properties");
    }

    private Path pidFile(Component c) {
        return settings.runDir().resolve(c.id() + ".pid");
    }

    private void writeRunFiles(Running r) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("component", r.component().id());
        p.put("pid", Long.toString(r.pid()));
        p.put("processStart", Long.toString(r.processStartMillis()));
        p.put("port", Integer.toString(r.port()));
        p.put("secondaryPort", Integer.toString(r.secondaryPort()));
        if (r.startDuration() != null) {
            p.put("startMillis", Long.toString(r.startDuration().toMillis()));
        }
        p.put("log", server(r.component()).logFile().toString());
        writeProperties(runProperties(r.component()), p);
        try {
            Files.writeString(pidFile(r.component()), r.pid() + "\n");
        } catch (IOException e) {
            throw new InfrastructureException("cannot write " + pidFile(r.component()), e);
        }
    }

    private void deleteRunFiles(Component c) {
        try {
            Files.deleteIfExists(pidFile(c));
            Files.deleteIfExists(runProperties(c));
        } catch (IOException ignored) {
            // best effort
        }
    }

    private static void writeProperties(Path file, Map<String, String> values) {
        Properties props = new Properties();
        props.putAll(values);
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                props.store(out, "LALALA local infra");
            }
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new InfrastructureException("cannot write " + file, e);
        }
    }

    private static Properties readProperties(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
            return props.getProperty("pid") == null || props.getProperty("port") == null ? null : props;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    private static void appendLogMarker(Path log, String line) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, line + "\n", java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException ignored) {
            // best effort
        }
    }

    /**
     * TEST mode: sibling {@code local-infra-*} folders whose owning JVM is gone are leftovers of a killed run: stop
     * whatever of theirs still runs (the watchdogs normally did already) and delete them.
     */
    private void cleanStaleTestInstances() {
        Path parent = settings.baseDir().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(parent)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("local-infra-")
                    && !d.equals(settings.baseDir()) && Files.isDirectory(d)).toList()) {
                Properties owner = readPropertiesAny(dir.resolve("owner.properties"));
                if (owner == null || Processes.isSameProcess(Long.parseLong(owner.getProperty("pid", "0")),
                        Long.parseLong(owner.getProperty("processStart", "0")))) {
                    continue; // closed cleanly (only logs left) or another live test JVM
                }
                Path run = dir.resolve("run");
                if (Files.isDirectory(run)) {
                    try (Stream<Path> files = Files.list(run)) {
                        for (Path f : files.filter(f -> f.toString().endsWith(".properties")).toList()) {
                            Properties p = readProperties(f);
                            if (p != null && Processes.isSameProcess(Long.parseLong(p.getProperty("pid")),
                                    Long.parseLong(p.getProperty("processStart", "0")))) {
                                settings.log("stopping leftover process " + p.getProperty("pid") + " of " + dir);
                                Processes.terminate(Long.parseLong(p.getProperty("pid")), Duration.ofSeconds(30));
                            }
                        }
                    }
                }
                if (owner != null) {
                    Runtimes.deleteTree(dir);
                }
            }
        } catch (IOException | RuntimeException e) {
            settings.log("could not clean old test folders in " + parent + ": " + e);
        }
    }

    private static Properties readPropertiesAny(Path file) {
        if (!Files.exists(file)) {
            return null;
        }
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
            return props;
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }

    // ------------------------------------------------------------------------------------------- accessors

    private Running require(Component c) {
        Running r = running.get(c);
        if (r == null) {
            throw new IllegalStateException(c + " is not running in this infrastructure; ask for it, e.g. @LocalInfra({"
                    + c + "}) or `up " + c.id() + "`");
        }
        return r;
    }

    @Override
    public Set<Component> components() {
        EnumSet<Component> set = EnumSet.noneOf(Component.class);
        set.addAll(running.keySet());
        return Collections.unmodifiableSet(set);
    }

    /** How long each running component took to start (when this or an earlier launcher started it). */
    public Map<Component, Duration> startDurations() {
        Map<Component, Duration> result = new TreeMap<>();
        running.forEach((c, r) -> {
            if (r.startDuration() != null) {
                result.put(c, r.startDuration());
            }
        });
        return result;
    }

    @Override
    public String kafkaBootstrapServers() {
        return Probes.HOST + ":" + require(Component.KAFKA).port();
    }

    @Override
    public String mariadbHost() {
        require(Component.MARIADB);
        return Probes.HOST;
    }

    @Override
    public int mariadbPort() {
        return require(Component.MARIADB).port();
    }

    @Override
    public synchronized void ensureDatabases(Collection<String> databases) {
        require(Component.MARIADB);
        try {
            provisionDatabases(databases, false);
        } catch (InfrastructureException e) {
            throw e;
        } catch (Exception e) {
            throw new InfrastructureException("cannot create databases " + databases + ": " + e, e);
        }
    }

    private void provisionDatabases(Collection<String> databases, boolean all) throws Exception {
        Map<String, String> todo = new LinkedHashMap<>();
        for (String db : databases) {
            Settings.checkDatabaseName(db);
            if (all || !passwords.containsKey(db)) {
                todo.put(db, passwords.getOrDefault(db, newPassword(db)));
            }
        }
        if (todo.isEmpty()) {
            return;
        }
        MariaDbServer server = (MariaDbServer) server(Component.MARIADB);
        server.attach();
        server.provision(todo);
        passwords.putAll(todo);
    }

    private String newPassword(String db) {
        if (settings.mode() == Settings.Mode.LOCAL) {
            return "lalala-" + db; // stable across runs, so `env` can print it
        }
        byte[] random = new byte[9];
        ThreadLocalRandom.current().nextBytes(random);
        return db + "-" + HexFormat.of().formatHex(random);
    }

    @Override
    public List<String> databases() {
        synchronized (passwords) {
            List<String> result = new ArrayList<>(passwords.keySet());
            if (settings.mode() == Settings.Mode.LOCAL && running.containsKey(Component.MARIADB)) {
                settings.databases().stream().filter(d -> !result.contains(d)).forEach(result::add);
            }
            return result;
        }
    }

    private void requireDatabase(String database) {
        require(Component.MARIADB);
        if (!databases().contains(database)) {
            throw new IllegalStateException("database '" + database + "' was not provisioned; ask for it with"
                    + " @LocalInfra(databases = \"" + database + "\") or ensureDatabases(...). Known: " + databases());
        }
    }

    @Override
    public String jdbcUrl(String database) {
        requireDatabase(database);
        return "jdbc:mariadb://" + Probes.HOST + ":" + mariadbPort() + "/" + database;
    }

    @Override
    public String mysqlJdbcUrl(String database) {
        requireDatabase(database);
        return "jdbc:mysql://" + Probes.HOST + ":" + mariadbPort() + "/" + database;
    }

    @Override
    public String dbUser(String database) {
        requireDatabase(database);
        return database;
    }

    @Override
    public String dbPassword(String database) {
        requireDatabase(database);
        String pw = passwords.get(database);
        return pw != null ? pw : newPassword(database);
    }

    @Override
    public String neo4jBoltUri() {
        return "bolt://" + Probes.HOST + ":" + require(Component.NEO4J).port();
    }

    @Override
    public String neo4jUser() {
        return NEO4J_USER;
    }

    @Override
    public String neo4jPassword() {
        return NEO4J_PASSWORD;
    }

    @Override
    public String elasticsearchUrl() {
        return "http://" + Probes.HOST + ":" + require(Component.ELASTICSEARCH).port();
    }

    @Override
    public String smtpHost() {
        require(Component.MAIL);
        return Probes.HOST;
    }

    @Override
    public int smtpPort() {
        return require(Component.MAIL).port();
    }

    @Override
    public String mailApiUrl() {
        return "http://" + Probes.HOST + ":" + require(Component.MAIL).secondaryPort();
    }

    @Override
    public MailReader mail() {
        MailReader reader = mailReader;
        String url = mailApiUrl();
        if (reader == null || !reader.apiUrl().equals(url)) {
            reader = new MailReader(url);
            mailReader = reader;
        }
        return reader;
    }

    @Override
    public String s3Endpoint() {
        return S3MockServer.endpoint(require(Component.S3MOCK).port());
    }

    @Override
    public Map<String, String> springProperties(Collection<Component> components, List<String> databases) {
        Map<String, String> p = new LinkedHashMap<>();
        Set<Component> wanted = components.isEmpty() ? EnumSet.noneOf(Component.class) : EnumSet.copyOf(components);
        if (wanted.contains(Component.KAFKA)) {
            p.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
            p.put("lalala.infra.kafka.bootstrap-servers", kafkaBootstrapServers());
        }
        if (wanted.contains(Component.MARIADB)) {
            p.put("lalala.infra.mariadb.host", mariadbHost());
            p.put("lalala.infra.mariadb.port", Integer.toString(mariadbPort()));
            if (!databases.isEmpty()) {
                String first = databases.getFirst();
                p.put("spring.datasource.url", jdbcUrl(first));
                p.put("spring.datasource.username", dbUser(first));
                p.put("spring.datasource.password", dbPassword(first));
            }
            for (String db : databases) {
                p.put("lalala.infra.db." + db + ".url", jdbcUrl(db));
                p.put("lalala.infra.db." + db + ".mysql-url", mysqlJdbcUrl(db));
                p.put("lalala.infra.db." + db + ".username", dbUser(db));
                p.put("lalala.infra.db." + db + ".password", dbPassword(db));
            }
        }
        if (wanted.contains(Component.NEO4J)) {
            p.put("spring.neo4j.uri", neo4jBoltUri());
            p.put("spring.neo4j.authentication.username", neo4jUser());
            p.put("spring.neo4j.authentication.password", neo4jPassword());
            p.put("lalala.infra.neo4j.uri", neo4jBoltUri());
            p.put("lalala.infra.neo4j.username", neo4jUser());
            p.put("lalala.infra.neo4j.password", neo4jPassword());
        }
        if (wanted.contains(Component.ELASTICSEARCH)) {
            p.put("spring.elasticsearch.uris", elasticsearchUrl());
            p.put("lalala.infra.elasticsearch.url", elasticsearchUrl());
        }
        if (wanted.contains(Component.MAIL)) {
            p.put("spring.mail.host", smtpHost());
            p.put("spring.mail.port", Integer.toString(smtpPort()));
            p.put("lalala.infra.mail.smtp-host", smtpHost());
            p.put("lalala.infra.mail.smtp-port", Integer.toString(smtpPort()));
            p.put("lalala.infra.mail.api-url", mailApiUrl());
        }
        if (wanted.contains(Component.S3MOCK)) {
            p.putAll(S3MockServer.springProperties(require(Component.S3MOCK).port()));
        }
        return p;
    }

    /**
     * Endpoints as environment variables. In LOCAL mode every component is listed (with its configured ports when it
     * is not running); in TEST mode only the running ones.
     */
    @Override
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        boolean all = settings.mode() == Settings.Mode.LOCAL;
        env.put("LALALA_INFRA_HOME", settings.baseDir().toString());
        String host = Probes.HOST;
        if (all || running.containsKey(Component.KAFKA)) {
            int port = portOf(Component.KAFKA);
            env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", host + ":" + port);
            env.put("LALALA_KAFKA_PORT", Integer.toString(port));
            env.put("LALALA_KAFKA_CONTROLLER_PORT", Integer.toString(secondaryPortOf(Component.KAFKA)));
        }
        if (all || running.containsKey(Component.MARIADB)) {
            int port = portOf(Component.MARIADB);
            env.put("LALALA_MARIADB_HOST", host);
            env.put("LALALA_MARIADB_PORT", Integer.toString(port));
            List<String> dbs = new ArrayList<>(databases());
            if (all) {
                settings.databases().stream().filter(d -> !dbs.contains(d)).forEach(dbs::add);
            }
            for (String db : dbs) {
                String key = "LALALA_DB_" + db.toUpperCase(Locale.ROOT);
                env.put(key + "_URL", "jdbc:mariadb://" + host + ":" + port + "/" + db);
                env.put(key + "_MYSQL_URL", "jdbc:mysql://" + host + ":" + port + "/" + db);
                env.put(key + "_USERNAME", db);
                env.put(key + "_PASSWORD", passwords.getOrDefault(db, newPassword(db)));
            }
        }
        if (all || running.containsKey(Component.NEO4J)) {
            int port = portOf(Component.NEO4J);
            env.put("SPRING_NEO4J_URI", "bolt://" + host + ":" + port);
            env.put("SPRING_NEO4J_AUTHENTICATION_USERNAME", NEO4J_USER);
            env.put("SPRING_NEO4J_AUTHENTICATION_PASSWORD", NEO4J_PASSWORD);
            env.put("LALALA_NEO4J_PORT", Integer.toString(port));
        }
        if (all || running.containsKey(Component.ELASTICSEARCH)) {
            int port = portOf(Component.ELASTICSEARCH);
            env.put("SPRING_ELASTICSEARCH_URIS", "http://" + host + ":" + port);
            env.put("LALALA_ELASTICSEARCH_PORT", Integer.toString(port));
            env.put("LALALA_ELASTICSEARCH_TRANSPORT_PORT", Integer.toString(secondaryPortOf(Component.ELASTICSEARCH)));
        }
        if (all || running.containsKey(Component.MAIL)) {
            int port = portOf(Component.MAIL);
            env.put("SPRING_MAIL_HOST", host);
            env.put("SPRING_MAIL_PORT", Integer.toString(port));
            env.put("LALALA_MAIL_PORT", Integer.toString(port));
            env.put("LALALA_MAIL_HTTP_PORT", Integer.toString(secondaryPortOf(Component.MAIL)));
            env.put("LALALA_MAIL_API_URL", "http://" + host + ":" + secondaryPortOf(Component.MAIL));
        }
        if (all || running.containsKey(Component.S3MOCK)) {
            env.putAll(S3MockServer.environment(portOf(Component.S3MOCK)));
        }
        return env;
    }

    private int portOf(Component c) {
        Running r = running.get(c);
        return r != null ? r.port() : settings.port(c);
    }

    private int secondaryPortOf(Component c) {
        Running r = running.get(c);
        return r != null ? r.secondaryPort() : settings.secondaryPort(c);
    }

    @Override
    public String toString() {
        return "LocalInfrastructure[" + settings.mode() + ", " + settings.baseDir() + ", running=" + components() + "]";
    }
}
