package dev.lalala.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** A test JVM killed with SIGKILL (no shutdown hook) must not leave its infrastructure running. */
class KilledJvmIT {

    @Test
    void processesDieWithTheTestJvm() throws Exception {
        Path target = Path.of(System.getProperty("user.dir"), "target");
        Path base = Files.createDirectories(target.resolve("killed-jvm-" + System.nanoTime()));
        Path pidFile = base.resolve("pids.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = target.resolve("test-classes") + ":" + target.resolve("classes");
        Process jvm = new ProcessBuilder(java, "-Dlalala.home=" + Home.find(), "-cp", cp, StartAndWaitMain.class.getName(),
                base.resolve("infra").toString(), pidFile.toString(), "mariadb", "mail")
                .redirectErrorStream(true)
                .redirectOutput(base.resolve("jvm.log").toFile())
                .start();
        List<Long> pids;
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!Files.exists(pidFile)) {
                assertThat(jvm.isAlive()).as(() -> "helper JVM died: " + Processes.tail(base.resolve("jvm.log"), 30)).isTrue();
                assertThat(System.nanoTime()).as("helper JVM did not start the infrastructure in time").isLessThan(deadline);
                Thread.sleep(100);
            }
            pids = Files.readAllLines(pidFile).stream().map(Long::parseLong).toList();
            assertThat(pids).hasSizeGreaterThanOrEqualTo(2);
            assertThat(pids).allMatch(Processes::isAlive);
        } finally {
            jvm.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook runs
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (pids.stream().anyMatch(Processes::isAlive) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(pids.stream().filter(Processes::isAlive).toList()).as("processes left behind").isEmpty();
        Runtimes.deleteTree(base);
    }
}
