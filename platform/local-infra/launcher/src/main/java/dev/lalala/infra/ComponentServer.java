package dev.lalala.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** How to prepare, start, check and provision one component. Package-private: the API is {@link Infrastructure}. */
abstract class ComponentServer {

    protected final Component component;
    protected final Settings settings;

    ComponentServer(Component component, Settings settings) {
        this.component = component;
        this.settings = settings;
    }

    static ComponentServer create(Component c, Settings settings) {
        return switch (c) {
            case KAFKA -> new KafkaServer(settings);
            case MARIADB -> new MariaDbServer(settings);
            case NEO4J -> new Neo4jServer(settings);
            case ELASTICSEARCH -> new ElasticsearchServer(settings);
            case MAIL -> new MailServer(settings);
            case S3MOCK -> new S3MockServer(settings);
        };
    }

    Path dataDir() {
        return settings.dataDir().resolve(component.id());
    }

    Path logFile() {
        return settings.logDir().resolve(component.id() + ".log");
    }

    Path readyFile() {
        return dataDir().resolve(".ready");
    }

    /** Unpacks binaries, initialises the data folder; idempotent. Runs before the ports are chosen. */
    abstract void prepare() throws Exception;

    /** Starts the process (detached, own process group, output to {@link #logFile()}). */
    abstract Process launch(int port, int secondaryPort) throws Exception;

    /** Whether the component answers on its real protocol. */
    abstract boolean isHealthy(int port, int secondaryPort);

    /** Whether a process started by {@link #launch} is ready for clients. */
    boolean isReady(long pid, int port, int secondaryPort) {
        return isHealthy(port, secondaryPort);
    }

    /** Idempotent provisioning once healthy (databases, index templates, ...). */
    void afterStart(int port, int secondaryPort) throws Exception {
    }

    /** TEST mode clean-up once stopped: data that lives outside the base folder. */
    void deleteData() {
    }

    Duration stopTimeout() {
        return Duration.ofSeconds(30);
    }

    /** Extra log lines to print on failure (e.g. the component's own log file). */
    List<Path> extraLogs() {
        return List.of();
    }

    // ---- helpers for JVM-based components ----

    Path javaBinary() {
        return settings.javaHome().resolve("bin").resolve("java");
    }

    static int javaFeatureVersion(Path javaHome) {
        try {
            for (String line : Files.readAllLines(javaHome.resolve("release"), StandardCharsets.UTF_8)) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring("JAVA_VERSION=".length()).replace("\"", "");
                    String first = v.split("[.+-]")[0];
                    int feature = Integer.parseInt(first);
                    return feature == 1 ? Integer.parseInt(v.split("\\.")[1]) : feature;
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        if (javaHome.equals(Path.of(System.getProperty("java.home")).toAbsolutePath().normalize())) {
            return Runtime.version().feature();
        }
        return -1;
    }

    void requireJava21() {
        int feature = javaFeatureVersion(settings.javaHome());
        if (feature >= 0 && feature < 21) {
            throw new InfrastructureException(component.id() + " needs a JDK 21 or newer, but " + settings.javaHome()
                    + " is Java " + feature + ". Run the launcher (or the tests) on a JDK 21+, e.g. JAVA_HOME="
                    + "/usr/lib/jvm/temurin-25-jdk-amd64");
        }
        if (!Files.isExecutable(javaBinary())) {
            throw new InfrastructureException("no java at " + javaBinary());
        }
    }

    /** JVM options common to the Kafka, Neo4j and mail JVMs. */
    List<String> commonJvmOptions() {
        List<String> opts = new ArrayList<>();
        String heap = settings.heap(component);
        if (heap != null) {
            opts.add("-Xmx" + heap);
        }
        opts.add("-Xms64m");
        opts.add("-XX:+UseSerialGC");
        opts.add("-XX:+ExitOnOutOfMemoryError");
        opts.add("-Djava.awt.headless=true");
        opts.add("-Dfile.encoding=UTF-8");
        opts.add("-Djava.io.tmpdir=" + dataDir().resolve("tmp"));
        if (javaFeatureVersion(settings.javaHome()) >= 23) {
            opts.add("--sun-misc-unsafe-memory-access=allow");
        }
        opts.add("-Dlalala.component=" + component.id());
        opts.add("-Dlalala.ready-file=" + readyFile());
        if (settings.mode() == Settings.Mode.TEST) {
            opts.add("-Dlalala.watch-pid=" + ProcessHandle.current().pid());
            // Short-lived: C1 only starts about a quarter faster (measured on Neo4j).
            opts.add("-XX:TieredStopAtLevel=1");
        }
        return opts;
    }

    /** Starts {@code java <options> @argfile(classpath) mainClass args}. */
    Process launchJava(List<String> jvmOptions, List<Path> classpath, String mainClass, List<String> args)
            throws IOException {
        Files.createDirectories(dataDir().resolve("tmp"));
        Path argFile = dataDir().resolve("classpath.args");
        StringBuilder cp = new StringBuilder();
        for (Path p : classpath) {
            if (!cp.isEmpty()) {
                cp.append(':');
            }
            cp.append(p);
        }
        Files.writeString(argFile, "-cp \"" + cp.toString().replace("\\", "\\\\").replace("\"", "\\\"") + "\"\n",
                StandardCharsets.UTF_8);
        List<String> cmd = new ArrayList<>();
        cmd.add(javaBinary().toString());
        cmd.addAll(jvmOptions);
        cmd.add("@" + argFile);
        cmd.add(mainClass);
        cmd.addAll(args);
        Files.deleteIfExists(readyFile());
        return Processes.spawnDetached(cmd, Map.of(), dataDir(), logFile());
    }

    /** Ready file written by a runner JVM, holding its pid. */
    boolean readyFileFor(long pid) {
        try {
            return Files.exists(readyFile()) && Files.readString(readyFile()).trim().equals(Long.toString(pid));
        } catch (IOException e) {
            return false;
        }
    }
}
