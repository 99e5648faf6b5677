package dev.lalala.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;

/**
 * How to run the infrastructure: where (home, data, binaries), on which ports, with which databases, topics and
 * Elasticsearch plugins. Two presets:
 * <ul>
 *   <li>{@link #local()}: the local run ({@code ./lalala up}): data kept under {@code <home>/.lalala/}, fixed
 *       ports (overridable by {@code LALALA_<COMPONENT>_PORT} or {@code -Dlalala.<component>.port}), processes
 *       detached so they outlive the CLI, pid files in {@code .lalala/run};</li>
 *   <li>{@link #forTests()}: one throw-away instance per test JVM: random free ports, data in
 *       {@code target/local-infra-<random>}, processes stopped when the JVM exits (even if it is killed).</li>
 * </ul>
 */
public final class Settings {

    /** The platform's Kafka topics, created up front (3 partitions each) so that consumers never race. */
    public static final List<String> PLATFORM_TOPICS = List.of(
            "user.events", "track.events", "play.events", "follow.events", "playlist.events", "room.events");

    /** The MySQL services' databases provisioned by the local run. */
    public static final List<String> DEFAULT_DATABASES = List.of("auth", "users", "tracks", "chat", "playlists");

    /** How the processes live. */
    public enum Mode {
        /** Persistent data, fixed ports, detached processes that outlive the JVM, pid files. */
        LOCAL,
        /** Throw-away data, random ports, processes tied to the JVM that started them. */
        TEST
    }

    private final Mode mode;
    private final Path home;
    private final Path baseDir;
    private final Path distDir;
    private final Map<Component, Integer> ports;
    private final Map<Component, Integer> secondaryPorts;
    private final List<String> databases;
    private final List<String> topics;
    private final int topicPartitions;
    private final List<Path> elasticsearchPlugins;
    private final Path javaHome;
    private final Duration startTimeout;
    private final String elasticsearchUser;
    private final Map<Component, String> heap;
    private final Consumer<String> log;

    private Settings(Builder b) {
        this.mode = b.mode;
        this.home = b.home.toAbsolutePath().normalize();
        this.baseDir = (b.baseDir != null ? b.baseDir : home.resolve(".lalala")).toAbsolutePath().normalize();
        this.distDir = (b.distDir != null ? b.distDir : home.resolve(".lalala").resolve("dist")).toAbsolutePath().normalize();
        this.ports = new EnumMap<>(b.ports);
        this.secondaryPorts = new EnumMap<>(b.secondaryPorts);
        this.databases = List.copyOf(b.databases);
        this.topics = List.copyOf(b.topics);
        this.topicPartitions = b.topicPartitions;
        this.elasticsearchPlugins = b.elasticsearchPlugins.stream().map(p -> p.toAbsolutePath().normalize()).toList();
        this.javaHome = b.javaHome.toAbsolutePath().normalize();
        this.startTimeout = b.startTimeout;
        this.elasticsearchUser = b.elasticsearchUser;
        this.heap = new EnumMap<>(b.heap);
        this.log = b.log;
        databases.forEach(Settings::checkDatabaseName);
    }

    /** The local run: data under {@code <home>/.lalala}, fixed ports from the environment or the defaults. */
    public static Settings local() {
        return localBuilder(Home.find()).build();
    }

    /** A builder preset for the local run from the given checkout. */
    public static Builder localBuilder(Path home) {
        Builder b = new Builder(Mode.LOCAL, home);
        for (Component c : Component.values()) {
            b.port(c, Configuration.port(c.portSystemProperty(), c.portEnvironmentVariable(), c.defaultPort()));
            if (c.hasSecondaryPort()) {
                b.secondaryPort(c, Configuration.port(c.secondaryPortSystemProperty(), c.secondaryPortEnvironmentVariable(),
                        c.defaultSecondaryPort()));
            }
        }
        String dbs = Configuration.value("lalala.databases", "LALALA_DATABASES");
        b.databases(dbs == null ? DEFAULT_DATABASES : Configuration.list(dbs));
        b.elasticsearchPlugins(Configuration.elasticsearchPlugins());
        return b;
    }

    /** A fresh throw-away instance for this test JVM (random ports, data in target/local-infra-*). */
    public static Settings forTests() {
        return testBuilder(Home.find()).build();
    }

    /** A builder preset for tests: random ports (0), data in {@code <working dir>/target/local-infra-<random>}. */
    public static Builder testBuilder(Path home) {
        Builder b = new Builder(Mode.TEST, home);
        String dir = Configuration.value("lalala.infra.dir", "LALALA_INFRA_DIR");
        Path parent;
        if (dir != null) {
            parent = Path.of(dir);
        } else {
            Path cwd = Path.of(System.getProperty("user.dir")).toAbsolutePath();
            parent = java.nio.file.Files.exists(cwd.resolve("pom.xml")) ? cwd.resolve("target")
                    : Path.of(System.getProperty("java.io.tmpdir"));
        }
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        b.baseDir(parent.resolve("local-infra-" + HexFormat.of().formatHex(random)));
        for (Component c : Component.values()) {
            b.port(c, 0);
            if (c.hasSecondaryPort()) {
                b.secondaryPort(c, 0);
            }
        }
        b.databases(List.of());
        b.elasticsearchPlugins(Configuration.elasticsearchPlugins());
        return b;
    }

    static void checkDatabaseName(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_]{1,64}")) {
            throw new IllegalArgumentException("invalid database name '" + name
                    + "': use 1 to 64 letters, digits or underscores (it is also the user name)");
        }
    }

    public Mode mode() {
        return mode;
    }

    /** The checkout (folder with mvnw and platform/local-infra). */
    public Path home() {
        return home;
    }

    /** Where data, logs and pid files go: {@code data/<component>}, {@code logs/<component>.log}, {@code run/}. */
    public Path baseDir() {
        return baseDir;
    }

    /** Where binaries are unpacked (shared between the local run and tests). */
    public Path distDir() {
        return distDir;
    }

    public Path dataDir() {
        return baseDir.resolve("data");
    }

    public Path logDir() {
        return baseDir.resolve("logs");
    }

    public Path runDir() {
        return baseDir.resolve("run");
    }

    /** LOCAL mode: the generated credentials of this installation ({@link Secrets}), mode 0600. */
    public Path secretsFile() {
        return baseDir.resolve("secrets.env");
    }

    /** The main port of a component; 0 means a random free port. */
    public int port(Component c) {
        return ports.getOrDefault(c, 0);
    }

    /** The second port of a component (Kafka controller, ES transport, mail HTTP API); 0 means random. */
    public int secondaryPort(Component c) {
        return secondaryPorts.getOrDefault(c, 0);
    }

    /** Databases (each with its own user) provisioned when MariaDB starts. */
    public List<String> databases() {
        return databases;
    }

    public List<String> topics() {
        return topics;
    }

    public int topicPartitions() {
        return topicPartitions;
    }

    /** Elasticsearch plugin zips installed (offline) into the Elasticsearch distribution before it starts. */
    public List<Path> elasticsearchPlugins() {
        return elasticsearchPlugins;
    }

    /** The JDK (21+) that runs the Kafka, Neo4j and mail JVMs and Elasticsearch. */
    public Path javaHome() {
        return javaHome;
    }

    public Duration startTimeout() {
        return startTimeout;
    }

    /** The system user Elasticsearch runs as when the launcher runs as root. */
    public String elasticsearchUser() {
        return elasticsearchUser;
    }

    /** Max heap of a JVM component, e.g. {@code 512m}. */
    public String heap(Component c) {
        return heap.get(c);
    }

    void log(String message) {
        log.accept(message);
    }

    public Builder toBuilder() {
        Builder b = new Builder(mode, home);
        b.baseDir = baseDir;
        b.distDir = distDir;
        b.ports.putAll(ports);
        b.secondaryPorts.putAll(secondaryPorts);
        b.databases = new ArrayList<>(databases);
        b.topics = new ArrayList<>(topics);
        b.topicPartitions = topicPartitions;
        b.elasticsearchPlugins = new ArrayList<>(elasticsearchPlugins);
        b.javaHome = javaHome;
        b.startTimeout = startTimeout;
        b.elasticsearchUser = elasticsearchUser;
        b.heap.putAll(heap);
        b.log = log;
        return b;
    }

    @Override
    public String toString() {
        return "Settings[" + mode + ", home=" + home + ", baseDir=" + baseDir + ", ports=" + ports + "]";
    }

    public static final class Builder {
        private Mode mode;
        private Path home;
        private Path baseDir;
        private Path distDir;
        private final Map<Component, Integer> ports = new EnumMap<>(Component.class);
        private final Map<Component, Integer> secondaryPorts = new EnumMap<>(Component.class);
        private List<String> databases = new ArrayList<>();
        private List<String> topics = new ArrayList<>(PLATFORM_TOPICS);
        private int topicPartitions = 3;
        private List<Path> elasticsearchPlugins = new ArrayList<>();
        private Path javaHome = Path.of(System.getProperty("java.home"));
        private Duration startTimeout = Configuration.startTimeout();
        private String elasticsearchUser = "lalala-es";
        private final Map<Component, String> heap = new EnumMap<>(Map.of(
                Component.KAFKA, "512m", Component.NEO4J, "512m", Component.ELASTICSEARCH, "512m",
                Component.MAIL, "128m", Component.S3MOCK, "256m"));
        private Consumer<String> log = m -> System.err.println("[local-infra] " + m);

        private Builder(Mode mode, Path home) {
            this.mode = Objects.requireNonNull(mode);
            this.home = Objects.requireNonNull(home);
        }

        public Builder mode(Mode mode) {
            this.mode = Objects.requireNonNull(mode);
            return this;
        }

        public Builder home(Path home) {
            this.home = Objects.requireNonNull(home);
            return this;
        }

        public Builder baseDir(Path baseDir) {
            this.baseDir = baseDir;
            return this;
        }

        public Builder distDir(Path distDir) {
            this.distDir = distDir;
            return this;
        }

        public Builder port(Component c, int port) {
            ports.put(c, port);
            return this;
        }

        public Builder secondaryPort(Component c, int port) {
            secondaryPorts.put(c, port);
            return this;
        }

        public Builder databases(Collection<String> databases) {
            this.databases = new ArrayList<>(databases);
            return this;
        }

        public Builder topics(Collection<String> topics) {
            this.topics = new ArrayList<>(topics);
            return this;
        }

        public Builder topicPartitions(int partitions) {
            this.topicPartitions = partitions;
            return this;
        }

        public Builder elasticsearchPlugins(Collection<Path> pluginZips) {
            this.elasticsearchPlugins = new ArrayList<>(pluginZips);
            return this;
        }

        public Builder javaHome(Path javaHome) {
            this.javaHome = Objects.requireNonNull(javaHome);
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder elasticsearchUser(String user) {
            this.elasticsearchUser = Objects.requireNonNull(user);
            return this;
        }

        public Builder heap(Component c, String maxHeap) {
            heap.put(c, maxHeap);
            return this;
        }

        /** Where progress lines go (default: stderr, prefixed {@code [local-infra]}). */
        public Builder log(Consumer<String> log) {
            this.log = Objects.requireNonNull(log);
            return this;
        }

        public Settings build() {
            return new Settings(this);
        }
    }
}
