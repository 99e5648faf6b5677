package dev.lalala.infra;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * The files that let a later JVM find what an earlier one started: {@code run/<component>.pid} and
 * {@code .properties} (pid, process start time, ports, start duration), and in TEST mode {@code owner.properties}
 * (the test JVM that owns a {@code local-infra-*} folder).
 */
final class RunFiles {

    private final Settings settings;

    RunFiles(Settings settings) {
        this.settings = settings;
    }

    Path runProperties(Component c) {
        return settings.runDir().resolve(c.id() + ".properties");
    }

    Path pidFile(Component c) {
        return settings.runDir().resolve(c.id() + ".pid");
    }

    void write(RunningProcess r, Path logFile) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("component", r.component().id());
        p.put("pid", Long.toString(r.pid()));
        p.put("processStart", Long.toString(r.processStartMillis()));
        p.put("port", Integer.toString(r.port()));
        p.put("secondaryPort", Integer.toString(r.secondaryPort()));
        if (r.startDuration() != null) {
            p.put("startMillis", Long.toString(r.startDuration().toMillis()));
        }
        p.put("log", logFile.toString());
        writeProperties(runProperties(r.component()), p);
        try {
            Files.writeString(pidFile(r.component()), r.pid() + "\n");
        } catch (IOException e) {
            throw new InfrastructureException("cannot write " + pidFile(r.component()), e);
        }
    }

    /** The process recorded for a component, or null if there is no (complete) record. */
    RunningProcess read(Component c) {
        Properties props = readRunProperties(runProperties(c));
        if (props == null) {
            return null;
        }
        String took = props.getProperty("startMillis");
        return new RunningProcess(c, Long.parseLong(props.getProperty("pid", "0")),
                Long.parseLong(props.getProperty("processStart", "0")), Integer.parseInt(props.getProperty("port")),
                Integer.parseInt(props.getProperty("secondaryPort", "0")),
                took == null ? null : Duration.ofMillis(Long.parseLong(took)), null);
    }

    void delete(Component c) {
        try {
            Files.deleteIfExists(pidFile(c));
            Files.deleteIfExists(runProperties(c));
        } catch (IOException ignored) {
            // best effort
        }
    }

    /** TEST mode: marks the base folder as owned by this JVM (before anything else, see {@link #cleanStaleTestInstances}). */
    void writeOwner() {
        ProcessHandle self = ProcessHandle.current();
        writeProperties(ownerFile(), Map.of(
                "pid", Long.toString(self.pid()),
                "processStart", Long.toString(self.info().startInstant().map(Instant::toEpochMilli).orElse(0L))));
    }

    void deleteOwner() {
        try {
            Files.deleteIfExists(ownerFile());
        } catch (IOException ignored) {
            // best effort
        }
    }

    private Path ownerFile() {
        return settings.baseDir().resolve("owner.properties");
    }

    /**
     * TEST mode: sibling {@code local-infra-*} folders whose owning JVM is gone are leftovers of a killed run: stop
     * whatever of theirs still runs (the watchdogs normally did already) and delete them.
     */
    void cleanStaleTestInstances() {
        Path parent = settings.baseDir().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(parent)) {
            for (Path dir : dirs.filter(d -> d.getFileName().toString().startsWith("local-infra-")
                    && !d.equals(settings.baseDir()) && Files.isDirectory(d)).toList()) {
                Properties owner = readAny(dir.resolve("owner.properties"));
                if (owner == null || Processes.isSameProcess(Long.parseLong(owner.getProperty("pid", "0")),
                        Long.parseLong(owner.getProperty("processStart", "0")))) {
                    continue; // closed cleanly (only logs left) or another live test JVM
                }
                Path run = dir.resolve("run");
                if (Files.isDirectory(run)) {
                    try (Stream<Path> files = Files.list(run)) {
                        for (Path f : files.filter(f -> f.toString().endsWith(".properties")).toList()) {
                            Properties p = readRunProperties(f);
                            if (p != null && Processes.isSameProcess(Long.parseLong(p.getProperty("pid")),
                                    Long.parseLong(p.getProperty("processStart", "0")))) {
                                settings.log("stopping leftover process " + p.getProperty("pid") + " of " + dir);
                                Processes.terminate(Long.parseLong(p.getProperty("pid")), Duration.ofSeconds(30));
                            }
                        }
                    }
                }
                Runtimes.deleteTree(dir);
            }
        } catch (IOException | RuntimeException e) {
            settings.log("could not clean old test folders in " + parent + ": " + e);
        }
    }

    static void appendLogMarker(Path log, String line) {
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, line + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
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
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new InfrastructureException("cannot write " + file, e);
        }
    }

    private static Properties readRunProperties(Path file) {
        Properties props = readAny(file);
        return props == null || props.getProperty("pid") == null || props.getProperty("port") == null ? null : props;
    }

    private static Properties readAny(Path file) {
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
}
