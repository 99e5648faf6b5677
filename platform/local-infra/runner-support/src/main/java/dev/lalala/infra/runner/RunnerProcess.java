package dev.lalala.infra.runner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * The part of a runner main (a component's own JVM, started by the local-infra launcher) that every runner shares,
 * driven by the system properties the launcher sets:
 * <ul>
 *   <li>{@code lalala.watch-pid} (TEST mode): exit when that process (the test JVM) is gone, so that a killed test
 *       run leaves nothing behind;</li>
 *   <li>{@code lalala.ready-file}: written atomically with this process's pid once the component serves clients.</li>
 * </ul>
 */
public final class RunnerProcess {

    private final String prefix;

    /** {@code component}: the name in log lines, e.g. {@code kafka} gives {@code [lalala-kafka] ...}. */
    public RunnerProcess(String component) {
        this.prefix = "[lalala-" + component + "] ";
    }

    /** One line on stdout (the launcher sends it to the component's log file), flushed at once. */
    public void log(String message) {
        System.out.println(prefix + message);
        System.out.flush();
    }

    /** Tells the launcher this process is ready: writes its pid to the ready file, if one was asked for. */
    public void writeReadyFile() throws IOException {
        String file = System.getProperty("lalala.ready-file");
        if (file == null) {
            return;
        }
        Path path = Path.of(file);
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.writeString(tmp, Long.toString(ProcessHandle.current().pid()));
        Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Exits when the process that started us (a test JVM) is gone, so that a killed test run leaves nothing. */
    public void watchParent() {
        String pid = System.getProperty("lalala.watch-pid");
        if (pid == null || pid.isBlank()) {
            return;
        }
        long watched = Long.parseLong(pid.trim());
        Thread t = new Thread(() -> {
            while (ProcessHandle.of(watched).map(ProcessHandle::isAlive).orElse(false)) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    return;
                }
            }
            log("process " + watched + " is gone, stopping");
            System.exit(0);
        }, "lalala-parent-watch");
        t.setDaemon(true);
        t.start();
    }
}
