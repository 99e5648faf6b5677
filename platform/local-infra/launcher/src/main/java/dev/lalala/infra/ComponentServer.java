package dev.lalala.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One component's server: how to prepare, start, check, provision and stop it, and what clients need to reach it
 * (Spring properties, environment variables). The generic process lifecycle (launch, wait until ready with retries
 * on other ports, adopt a process found through its pid file, stop the process tree) lives here; each subclass
 * adds what is particular to its server. Package-private: the API is {@link Infrastructure}.
 */
abstract class ComponentServer {

    private static final Object PORT_LOCK = new Object();

    protected final Component component;
    protected final Settings settings;
    private final RunFiles runFiles;
    private volatile RunningProcess running;
    private volatile boolean adoptedUnchecked;
    private volatile boolean closing;

    ComponentServer(Component component, Settings settings) {
        this.component = component;
        this.settings = settings;
        this.runFiles = new RunFiles(settings);
    }

    static ComponentServer create(Component c, Settings settings, Secrets secrets) {
        return switch (c) {
            case KAFKA -> new KafkaServer(settings);
            case MARIADB -> new MariaDbServer(settings, secrets);
            case NEO4J -> new Neo4jServer(settings);
            case ELASTICSEARCH -> new ElasticsearchServer(settings);
            case MAIL -> new MailServer(settings);
            case S3MOCK -> new S3MockServer(settings);
        };
    }

    Component component() {
        return component;
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

    /** Spring Boot properties for clients of this (running) component; {@code databases}: see {@link Infrastructure#springProperties}. */
    abstract void springProperties(Map<String, String> properties, List<String> databases);

    /** Environment variables for clients: of the running process, or with the configured ports when it is down. */
    abstract void environment(Map<String, String> environment);

    /** Called once the process is stopped (state that only holds while it runs is dropped). */
    void onStopped() {
    }

    // ---- the process: start, adopt, readiness, stop, status ----

    /** The process this server runs or found running, or null. */
    RunningProcess running() {
        return running;
    }

    boolean isRunning() {
        return running != null;
    }

    /** The main port: the running process's, else the configured one. */
    int port() {
        RunningProcess r = running;
        return r != null ? r.port() : settings.port(component);
    }

    int secondaryPort() {
        RunningProcess r = running;
        return r != null ? r.secondaryPort() : settings.secondaryPort(component);
    }

    /** Checks the component is running, for accessors: tells how to ask for it when it is not. */
    void requireRunning() {
        if (running == null) {
            throw new IllegalStateException(component + " is not running in this infrastructure; ask for it, e.g. @LocalInfra({"
                    + component + "}) or `up " + component.id() + "`");
        }
    }

    /** A start in progress stops its process instead of waiting for it (TEST mode close). */
    void markClosing() {
        closing = true;
    }

    /** Prepares, launches (TEST mode: up to 3 attempts on other ports), waits until ready, provisions. */
    void start() throws Exception {
        prepare();
        int attempts = settings.mode() == Settings.Mode.TEST ? 3 : 1;
        for (int attempt = 1; ; attempt++) {
            int[] ports = choosePorts();
            try {
                launchAndAwait(ports[0], ports[1]);
                break;
            } catch (ProcessDiedException e) {
                if (attempt >= attempts) {
                    throw new InfrastructureException(e.getMessage());
                }
                settings.log(component.id() + ": died while starting (attempt " + attempt + ", ports " + ports[0] + "/"
                        + ports[1] + "); retrying on other ports");
            }
        }
        RunningProcess r = running;
        afterStart(r.port(), r.secondaryPort());
    }

    /** The process exited before it was ready (e.g. a port taken meanwhile): worth a retry in TEST mode. */
    private static final class ProcessDiedException extends Exception {
        private static final long serialVersionUID = 1L;

        ProcessDiedException(String message) {
            super(message);
        }
    }

    private void launchAndAwait(int port, int secondaryPort) throws Exception {
        String where = "127.0.0.1:" + port + (component.hasSecondaryPort()
                ? " (" + component.secondaryPortName() + " " + secondaryPort + ")" : "");
        settings.log("starting " + component.id() + " on " + where + ", log " + logFile());
        RunFiles.appendLogMarker(logFile(), "---- " + Instant.now() + " starting " + component.id() + " on " + where + " ----");
        long t0 = System.nanoTime();
        Process process = launch(port, secondaryPort);
        long pid = process.pid();
        long processStart = Processes.startInstant(pid).map(Instant::toEpochMilli).orElse(0L);
        Process watchdog = null;
        if (settings.mode() == Settings.Mode.TEST && Processes.awaitOwnProcessGroup(process)) {
            watchdog = Processes.startWatchdog(ProcessHandle.current().pid(), pid);
        }
        RunningProcess r = new RunningProcess(component, pid, processStart, port, secondaryPort, null, watchdog);
        running = r;
        runFiles.write(r, logFile());
        long deadline = t0 + settings.startTimeout().toNanos();
        while (!isReady(pid, port, secondaryPort)) {
            if (closing) {
                forget();
                Processes.terminate(pid, stopTimeout());
                throw new InfrastructureException("closed while " + component.id() + " was starting");
            }
            if (!process.isAlive()) {
                int exit = process.exitValue();
                forget();
                Processes.terminate(pid, Duration.ofSeconds(10));
                throw new ProcessDiedException(component.id() + " exited with code " + exit + " while starting. Read "
                        + logFile() + logTails());
            }
            if (System.nanoTime() > deadline) {
                forget();
                Processes.terminate(pid, stopTimeout());
                throw new InfrastructureException(component.id() + " did not become ready within "
                        + settings.startTimeout().toSeconds() + " s. Read " + logFile() + logTails());
            }
            Thread.sleep(100);
        }
        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        RunningProcess done = r.ready(took);
        running = done;
        runFiles.write(done, logFile());
        settings.log(component.id() + " up on " + where + " in " + seconds(took) + " (pid " + pid + ")");
    }

    /** LOCAL mode: takes over the process recorded in the pid file, if alive; removes a stale pid file. */
    boolean adopt() {
        RunningProcess r = runFiles.read(component);
        if (r == null) {
            return false;
        }
        if (!r.isAlive()) {
            settings.log(component.id() + ": removing stale pid file (process " + r.pid() + " is gone)");
            runFiles.delete(component);
            return false;
        }
        running = r;
        adoptedUnchecked = true;
        return true;
    }

    /** True once for an adopted process, which is then checked and provisioned again ({@link #awaitAdopted()}). */
    boolean takeUnchecked() {
        boolean was = adoptedUnchecked;
        adoptedUnchecked = false;
        return was;
    }

    /** An adopted process: waits until it answers, then provisions again (databases, templates are idempotent). */
    void awaitAdopted() throws Exception {
        RunningProcess r = running;
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        while (!isHealthy(r.port(), r.secondaryPort())) {
            if (!r.isAlive()) {
                forget();
                throw new InfrastructureException(component.id() + " (pid " + r.pid() + ") died. Read " + logFile() + logTails());
            }
            if (System.nanoTime() > deadline) {
                throw new InfrastructureException(component.id() + " is running (pid " + r.pid() + ") but does not answer on port "
                        + r.port() + ". Read " + logFile() + "; `down " + component.id() + "` and `up` again." + logTails());
            }
            Thread.sleep(200);
        }
        settings.log(component.id() + " already running on 127.0.0.1:" + r.port() + " (pid " + r.pid() + ")");
        afterStart(r.port(), r.secondaryPort());
    }

    /** Stops the process tree (SIGTERM, SIGKILL after {@link #stopTimeout()}) and forgets it. */
    void stop() {
        RunningProcess r = running;
        if (r == null) {
            return;
        }
        long t0 = System.nanoTime();
        boolean ok = !r.isAlive() || Processes.terminate(r.pid(), stopTimeout());
        if (r.watchdog() != null) {
            r.watchdog().destroy();
        }
        forget();
        onStopped();
        settings.log(component.id() + (ok ? " stopped" : " could not be stopped") + " (pid " + r.pid() + ", "
                + seconds(Duration.ofNanos(System.nanoTime() - t0)) + ")");
    }

    /** Drops the record of the process (pid files included), e.g. when it is gone. */
    void forget() {
        running = null;
        adoptedUnchecked = false;
        runFiles.delete(component);
    }

    ComponentStatus status() {
        RunningProcess r = running;
        if (r != null && r.isAlive()) {
            return new ComponentStatus(component, true, isHealthy(r.port(), r.secondaryPort()), r.pid(), r.port(),
                    r.secondaryPort(), Processes.rssKib(r.pid()), r.startDuration(), logFile());
        }
        return new ComponentStatus(component, false, false, 0, settings.port(component), settings.secondaryPort(component), 0,
                r == null ? null : r.startDuration(), logFile());
    }

    private int[] choosePorts() {
        int port = settings.port(component);
        int secondary = component.hasSecondaryPort() ? settings.secondaryPort(component) : 0;
        synchronized (PORT_LOCK) {
            if (port == 0) {
                port = FreePorts.next();
            }
            if (component.hasSecondaryPort() && secondary == 0) {
                secondary = FreePorts.next();
            }
        }
        if (settings.mode() == Settings.Mode.LOCAL) {
            requireFree(port, component.portEnvironmentVariable());
            if (component.hasSecondaryPort()) {
                requireFree(secondary, component.secondaryPortEnvironmentVariable());
            }
        }
        return new int[] {port, secondary};
    }

    private void requireFree(int port, String variable) {
        if (!Probes.isFree(port)) {
            throw new InfrastructureException("port " + port + " for " + component.id() + " is already in use by another"
                    + " program; choose another with " + variable + "=<port>");
        }
    }

    private String logTails() {
        StringBuilder sb = new StringBuilder("\n--- last lines of " + logFile() + " ---\n")
                .append(Processes.tail(logFile(), 40));
        for (Path extra : extraLogs()) {
            if (Files.exists(extra)) {
                sb.append("\n--- last lines of ").append(extra).append(" ---\n").append(Processes.tail(extra, 20));
            }
        }
        return sb.toString();
    }

    static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
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
