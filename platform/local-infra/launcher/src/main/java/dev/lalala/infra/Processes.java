package dev.lalala.infra;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * OS process handling shared by the launcher and the fleet launcher: detached start in an own session, process
 * trees and groups, graceful stop, watchdogs, memory. Linux only ({@code /proc}).
 */
public final class Processes {

    private static final Path SETSID = findExecutable("setsid");

    private Processes() {
    }

    public static Path findExecutable(String name) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin")) {
            Path p = Path.of(dir, name);
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                if (!dir.isEmpty()) {
                    Path p = Path.of(dir, name);
                    if (Files.isExecutable(p)) {
                        return p;
                    }
                }
            }
        }
        return null;
    }

    /**
     * Starts a command in its own session and process group (via {@code setsid}, which execs: the returned process
     * is the command itself), detached from the terminal: stdin from /dev/null, stdout and stderr appended to the log.
     */
    public static Process spawnDetached(List<String> command, Map<String, String> environment, Path workDir, Path log)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        if (SETSID != null) {
            cmd.add(SETSID.toString());
        }
        cmd.addAll(command);
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        environment.forEach((k, v) -> {
            if (v == null) {
                env.remove(k);
            } else {
                env.put(k, v);
            }
        });
        return pb.start();
    }

    /** Runs a command to completion, output appended to the log; returns the exit code. */
    public static int run(List<String> command, Map<String, String> environment, Path workDir, Path log, Duration timeout)
            throws IOException, InterruptedException {
        Files.createDirectories(log.getParent());
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        environment.forEach((k, v) -> {
            if (v == null) {
                pb.environment().remove(k);
            } else {
                pb.environment().put(k, v);
            }
        });
        Process p = pb.start();
        if (!p.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            p.destroyForcibly();
            throw new IOException("timed out after " + timeout.toSeconds() + " s: " + String.join(" ", command));
        }
        return p.exitValue();
    }

    /**
     * Starts a watchdog (a tiny shell loop in its own session) that stops the process group {@code pgid} once
     * {@code watchedPid} is gone: SIGTERM, then SIGKILL 15 s later. Guards against a killed test JVM.
     */
    public static Process startWatchdog(long watchedPid, long pgid) throws IOException {
        String script = "while kill -0 \"$1\" 2>/dev/null; do sleep 1; done; "
                + "kill -TERM -\"$2\" 2>/dev/null || exit 0; "
                + "i=0; while [ $i -lt 15 ] && kill -0 -\"$2\" 2>/dev/null; do sleep 1; i=$((i+1)); done; "
                + "kill -KILL -\"$2\" 2>/dev/null; exit 0";
        List<String> cmd = new ArrayList<>();
        if (SETSID != null) {
            cmd.add(SETSID.toString());
        }
        cmd.addAll(List.of("/bin/sh", "-c", script, "lalala-infra-watchdog", Long.toString(watchedPid), Long.toString(pgid)));
        return new ProcessBuilder(cmd)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectErrorStream(true)
                .start();
    }

    /**
     * Waits (briefly) until a process started through {@code setsid} leads its own process group: setsid execs the
     * command only after {@code setsid()}, so right after the start the child may still be in our group. Returns
     * false if it does not happen (no setsid here), in which case the group must never be signalled.
     */
    public static boolean awaitOwnProcessGroup(Process process) {
        if (SETSID == null) {
            return false;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            if (processGroup(process.pid()) == process.pid()) {
                return true;
            }
            if (!process.isAlive()) {
                return false;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }

    public static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false) && !isZombie(pid);
    }

    private static boolean isZombie(long pid) {
        String[] stat = stat(pid);
        return stat != null && stat[0].equals("Z");
    }

    /** Fields of /proc/pid/stat after the command name: [0] state, [1] ppid, [2] pgrp, [3] session, ... */
    private static String[] stat(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
            int close = s.lastIndexOf(')');
            return s.substring(close + 2).trim().split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    public static long processGroup(long pid) {
        String[] stat = stat(pid);
        return stat == null ? -1 : Long.parseLong(stat[2]);
    }

    public static Optional<Instant> startInstant(long pid) {
        return ProcessHandle.of(pid).flatMap(h -> h.info().startInstant());
    }

    /**
     * Whether {@code pid} is alive and is the process recorded earlier (same start time), so that a recycled pid is
     * never taken for ours.
     */
    public static boolean isSameProcess(long pid, long recordedStartMillis) {
        if (pid <= 0 || !isAlive(pid)) {
            return false;
        }
        if (recordedStartMillis <= 0) {
            return true;
        }
        return startInstant(pid).map(i -> Math.abs(i.toEpochMilli() - recordedStartMillis) < 2000).orElse(true);
    }

    /** The process, its descendants and, if it leads a process group, every member of that group. */
    public static List<ProcessHandle> tree(long pid) {
        Map<Long, ProcessHandle> result = new LinkedHashMap<>();
        Optional<ProcessHandle> root = ProcessHandle.of(pid);
        root.ifPresent(h -> {
            result.put(h.pid(), h);
            h.descendants().forEach(d -> result.put(d.pid(), d));
        });
        if (processGroup(pid) == pid || root.isEmpty()) {
            ProcessHandle.allProcesses()
                    .filter(h -> !result.containsKey(h.pid()) && processGroup(h.pid()) == pid)
                    .forEach(h -> {
                        result.put(h.pid(), h);
                        h.descendants().forEach(d -> result.put(d.pid(), d));
                    });
        }
        result.remove(ProcessHandle.current().pid());
        return new ArrayList<>(result.values());
    }

    /**
     * Stops a process and everything it started: SIGTERM to the whole tree, then SIGKILL to whatever is left after
     * the timeout. Returns true if nothing is left.
     */
    public static boolean terminate(long pid, Duration timeout) {
        List<ProcessHandle> tree = tree(pid);
        if (tree.isEmpty()) {
            return true;
        }
        tree.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (tree.stream().noneMatch(h -> isAlive(h.pid()))) {
                return true;
            }
            sleep(100);
        }
        List<ProcessHandle> rest = new ArrayList<>(tree);
        rest.addAll(tree(pid));
        rest.forEach(ProcessHandle::destroyForcibly);
        long killDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < killDeadline) {
            if (rest.stream().noneMatch(h -> isAlive(h.pid()))) {
                return true;
            }
            sleep(100);
        }
        return false;
    }

    /** Resident memory of the process tree in KiB (VmRSS summed). */
    public static long rssKib(long pid) {
        long total = 0;
        for (ProcessHandle h : tree(pid)) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", Long.toString(h.pid()), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        total += Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException | RuntimeException e) {
                // gone meanwhile
            }
        }
        return total;
    }

    public static boolean isRoot() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("Uid:")) {
                    return line.split("\\s+")[1].equals("0");
                }
            }
        } catch (IOException e) {
            // fall through
        }
        return "root".equals(System.getProperty("user.name"));
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException("interrupted", e);
        }
    }

    /** The last lines of a log file, for error messages. */
    public static String tail(Path log, int lines) {
        try {
            if (!Files.exists(log)) {
                return "(no log yet)";
            }
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | RuntimeException e) {
            try {
                byte[] bytes = Files.readAllBytes(log);
                String s = new String(bytes, StandardCharsets.ISO_8859_1);
                String[] all = s.split("\n");
                return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
            } catch (IOException e2) {
                return "(cannot read " + log + ")";
            }
        }
    }
}
