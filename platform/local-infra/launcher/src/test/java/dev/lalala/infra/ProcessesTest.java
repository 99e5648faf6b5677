package dev.lalala.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessesTest {

    @Test
    void startsDetachedInItsOwnGroupAndStopsTheWholeTree(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("out.log");
        Process p = Processes.spawnDetached(List.of("/bin/sh", "-c", "sleep 300 & sleep 300 & echo started; wait"),
                Map.of(), dir, log);
        long pid = p.pid();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (Processes.tree(pid).size() < 3 && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        List<ProcessHandle> tree = Processes.tree(pid);
        assertThat(tree).hasSizeGreaterThanOrEqualTo(3);
        assertThat(Processes.processGroup(pid)).isEqualTo(pid);
        assertThat(Processes.rssKib(pid)).isPositive();
        assertThat(Processes.isSameProcess(pid, Processes.startInstant(pid).orElseThrow().toEpochMilli())).isTrue();
        assertThat(Processes.isSameProcess(pid, 1000L)).isFalse();

        assertThat(Processes.terminate(pid, Duration.ofSeconds(10))).isTrue();
        for (ProcessHandle h : tree) {
            assertThat(Processes.isAlive(h.pid())).as("pid %d", h.pid()).isFalse();
        }
        assertThat(Files.readString(log)).contains("started");
    }

    @Test
    void watchdogStopsTheGroupWhenTheWatchedProcessDies(@TempDir Path dir) throws Exception {
        Process watched = new ProcessBuilder("sleep", "300").start();
        Process child = Processes.spawnDetached(List.of("/bin/sh", "-c", "sleep 300 & wait"), Map.of(), dir, dir.resolve("log"));
        Process watchdog = Processes.startWatchdog(watched.pid(), child.pid());
        try {
            Thread.sleep(300);
            assertThat(child.isAlive()).isTrue();
            watched.destroyForcibly().waitFor();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!Processes.tree(child.pid()).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertThat(Processes.tree(child.pid()).stream().filter(h -> Processes.isAlive(h.pid()))).isEmpty();
        } finally {
            watchdog.destroy();
            Processes.terminate(child.pid(), Duration.ofSeconds(5));
        }
    }

    @Test
    void tailReadsTheEndOfALog(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("x.log");
        Files.writeString(log, "a\nb\nc\nd\n");
        assertThat(Processes.tail(log, 2)).isEqualTo("c\nd");
        assertThat(Processes.tail(dir.resolve("missing"), 2)).contains("no log");
    }
}
