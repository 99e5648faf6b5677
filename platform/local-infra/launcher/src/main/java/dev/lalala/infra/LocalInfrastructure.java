package dev.lalala.infra;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.nio.file.Files;

/**
 * Starts, finds and stops the infrastructure: one code path for tests ({@link Settings#forTests()}, used by
 * {@code @LocalInfra}), the CLI ({@link LocalInfraCli}) and the fleet launcher ({@link #start(Settings)}).
 * <p>
 * This class only orchestrates: which components, in parallel, and what they add up to (status, Spring properties,
 * environment). Each server's start, readiness, provisioning, properties and stop live in its own
 * {@link ComponentServer} ({@link KafkaServer}, {@link MariaDbServer}, {@link Neo4jServer},
 * {@link ElasticsearchServer}, {@link MailServer}, {@link S3MockServer}).
 * <p>
 * Every component runs as its own OS process, in its own process group, detached from the terminal. In
 * {@link Settings.Mode#LOCAL} they outlive this JVM and are found again through {@code <base>/run/<component>.pid}
 * and {@code .properties}; {@link #close()} leaves them running (use {@link #stopAll()}). In
 * {@link Settings.Mode#TEST} they are stopped by {@link #close()} or a JVM shutdown hook, and, should this JVM be
 * killed, by a watchdog per process (and the Kafka, Neo4j and mail JVMs watch this JVM themselves).
 * <p>
 * Credentials ({@link #secrets()}): LOCAL keeps them in {@code <base>/secrets.env} (mode 0600, generated once),
 * TEST generates new ones per run.
 */
public final class LocalInfrastructure implements Infrastructure, AutoCloseable {

    private final Settings settings;
    private final Secrets secrets;
    private final RunFiles runFiles;
    private final Map<Component, ComponentServer> servers = new EnumMap<>(Component.class);
    private Thread shutdownHook;
    private volatile boolean closed;

    private LocalInfrastructure(Settings settings) {
        this.settings = settings;
        this.secrets = settings.mode() == Settings.Mode.TEST ? Secrets.inMemory() : Secrets.inFile(settings.secretsFile());
        this.runFiles = new RunFiles(settings);
        for (Component c : Component.values()) {
            servers.put(c, ComponentServer.create(c, settings, secrets));
        }
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

    /** This installation's credentials (LOCAL: {@code <base>/secrets.env}; TEST: random, in memory). */
    public Secrets secrets() {
        return secrets;
    }

    private void init() {
        if (settings.mode() == Settings.Mode.TEST) {
            // owner first: a sibling test JVM cleaning leftovers must see that this folder is alive
            runFiles.writeOwner();
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
            runFiles.cleanStaleTestInstances();
            shutdownHook = new Thread(this::close, "local-infra-shutdown");
            Runtime.getRuntime().addShutdownHook(shutdownHook);
        } else {
            servers.values().forEach(ComponentServer::adopt);
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
        List<ComponentServer> missing = new ArrayList<>();
        List<ComponentServer> adopted = new ArrayList<>();
        for (Component c : requested) {
            ComponentServer server = servers.get(c);
            RunningProcess r = server.running();
            if (r != null && !r.isAlive()) {
                settings.log(c.id() + ": process " + r.pid() + " is gone; starting it again. Read " + server.logFile());
                server.forget();
            }
            if (server.isRunning() || settings.mode() == Settings.Mode.LOCAL && server.adopt()) {
                // Found through its pid file (LOCAL): checked and provisioned once more (all of it is idempotent).
                if (server.takeUnchecked()) {
                    adopted.add(server);
                }
            } else {
                missing.add(server);
            }
        }
        Map<Component, Throwable> failures = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (ComponentServer server : missing) {
            threads.add(inParallel("local-infra-start-", server, failures, server::start));
        }
        for (ComponentServer server : adopted) {
            threads.add(inParallel("local-infra-check-", server, failures, server::awaitAdopted));
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InfrastructureException("interrupted while starting " + missing.stream().map(ComponentServer::component).toList());
            }
        }
        if (!failures.isEmpty()) {
            StringBuilder message = new StringBuilder("could not start " + failures.keySet().stream()
                    .map(Component::id).sorted().toList() + ":");
            failures.forEach((c, e) -> message.append("\n\n").append(c.id()).append(": ").append(e.getMessage()));
            InfrastructureException thrown = new InfrastructureException(message.toString());
            failures.values().forEach(thrown::addSuppressed);
            throw thrown;
        }
        return this;
    }

    private interface Step {
        void run() throws Exception;
    }

    private static Thread inParallel(String name, ComponentServer server, Map<Component, Throwable> failures, Step step) {
        return Thread.ofPlatform().name(name + server.component().id()).start(() -> {
            try {
                step.run();
            } catch (Throwable e) {
                failures.put(server.component(), e);
            }
        });
    }

    /** Stops the given components (their whole process trees), in parallel. */
    public void stop(Collection<Component> components) {
        List<Thread> threads = new ArrayList<>();
        for (Component c : components) {
            ComponentServer server = servers.get(c);
            if (server.isRunning()) {
                threads.add(Thread.ofPlatform().name("local-infra-stop-" + c.id()).start(server::stop));
            }
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
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
        synchronized (servers) {
            if (closed) {
                return;
            }
            closed = true;
        }
        // Not synchronized with ensureStarted: a start in progress sees `closing` and stops its process.
        servers.values().forEach(ComponentServer::markClosing);
        stopAll();
        servers.values().forEach(ComponentServer::deleteData);
        Runtimes.deleteTree(settings.dataDir());
        Runtimes.deleteTree(settings.runDir());
        runFiles.deleteOwner();
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException ignored) {
                // shutting down already
            }
        }
    }

    /** What {@code status} prints: one line per component. */
    public List<ComponentStatus> status() {
        return servers.values().stream().map(ComponentServer::status).toList();
    }

    /** How long each running component took to start (when this or an earlier launcher started it). */
    public Map<Component, Duration> startDurations() {
        Map<Component, Duration> result = new TreeMap<>();
        servers.forEach((c, server) -> {
            RunningProcess r = server.running();
            if (r != null && r.startDuration() != null) {
                result.put(c, r.startDuration());
            }
        });
        return result;
    }

    // ------------------------------------------------------------------------------------------- accessors

    @Override
    public Set<Component> components() {
        EnumSet<Component> set = EnumSet.noneOf(Component.class);
        servers.forEach((c, server) -> {
            if (server.isRunning()) {
                set.add(c);
            }
        });
        return Collections.unmodifiableSet(set);
    }

    private <T extends ComponentServer> T running(Component c, Class<T> type) {
        ComponentServer server = servers.get(c);
        server.requireRunning();
        return type.cast(server);
    }

    private KafkaServer kafka() {
        return running(Component.KAFKA, KafkaServer.class);
    }

    private MariaDbServer mariadb() {
        return running(Component.MARIADB, MariaDbServer.class);
    }

    private MailServer mailServer() {
        return running(Component.MAIL, MailServer.class);
    }

    @Override
    public String kafkaBootstrapServers() {
        return kafka().bootstrapServers();
    }

    @Override
    public String mariadbHost() {
        mariadb();
        return Probes.HOST;
    }

    @Override
    public int mariadbPort() {
        return mariadb().port();
    }

    @Override
    public String mariadbRootPassword() {
        return mariadb().rootPassword();
    }

    @Override
    public synchronized void ensureDatabases(Collection<String> databases) {
        try {
            mariadb().provision(databases, false);
        } catch (InfrastructureException | IllegalArgumentException | IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new InfrastructureException("cannot create databases " + databases + ": " + e, e);
        }
    }

    @Override
    public List<String> databases() {
        return ((MariaDbServer) servers.get(Component.MARIADB)).databases();
    }

    @Override
    public String jdbcUrl(String database) {
        MariaDbServer db = mariadb();
        db.requireDatabase(database);
        return db.jdbcUrl(database);
    }

    @Override
    public String mysqlJdbcUrl(String database) {
        MariaDbServer db = mariadb();
        db.requireDatabase(database);
        return db.mysqlJdbcUrl(database);
    }

    @Override
    public String dbUser(String database) {
        mariadb().requireDatabase(database);
        return database;
    }

    @Override
    public String dbPassword(String database) {
        MariaDbServer db = mariadb();
        db.requireDatabase(database);
        return db.password(database);
    }

    @Override
    public String neo4jBoltUri() {
        return running(Component.NEO4J, Neo4jServer.class).boltUri();
    }

    @Override
    public String neo4jUser() {
        return Neo4jServer.USER;
    }

    @Override
    public String neo4jPassword() {
        return Neo4jServer.PASSWORD;
    }

    @Override
    public String elasticsearchUrl() {
        return running(Component.ELASTICSEARCH, ElasticsearchServer.class).url();
    }

    @Override
    public String smtpHost() {
        mailServer();
        return Probes.HOST;
    }

    @Override
    public int smtpPort() {
        return mailServer().port();
    }

    @Override
    public String mailApiUrl() {
        return mailServer().apiUrl();
    }

    @Override
    public MailReader mail() {
        return mailServer().reader();
    }

    @Override
    public String s3Endpoint() {
        return running(Component.S3MOCK, S3MockServer.class).endpoint();
    }

    @Override
    public Map<String, String> springProperties(Collection<Component> components, List<String> databases) {
        Map<String, String> p = new LinkedHashMap<>();
        for (Component c : components.isEmpty() ? EnumSet.noneOf(Component.class) : EnumSet.copyOf(components)) {
            ComponentServer server = servers.get(c);
            server.requireRunning();
            server.springProperties(p, databases);
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
        env.put("LALALA_INFRA_HOME", settings.baseDir().toString());
        for (ComponentServer server : servers.values()) {
            if (settings.mode() == Settings.Mode.LOCAL || server.isRunning()) {
                server.environment(env);
            }
        }
        return env;
    }

    @Override
    public String toString() {
        return "LocalInfrastructure[" + settings.mode() + ", " + settings.baseDir() + ", running=" + components() + "]";
    }
}
