package dev.lalala.deploy;

import static dev.lalala.deploy.DeployFiles.list;
import static dev.lalala.deploy.DeployFiles.map;
import static dev.lalala.deploy.DeployFiles.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.deploy.DeployFiles.Result;
import dev.lalala.deploy.DeployFiles.Service;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's image, run without a container engine: its layers unpacked into a root file system, its entrypoint
 * started there with chroot as the image's user, in a private mount namespace with /proc and /dev (what Docker
 * gives a container), with the image's environment only. Proves the entrypoint, the JRE and its libraries, the
 * non-root user and the compose healthcheck command work together; not proved: cgroup limits, Docker networking.
 */
class GatewayImageRunsTest {

    @Test
    void theEntrypointStartsAsTheImageUserAndTheComposeHealthcheckPasses(@TempDir Path dir) throws Exception {
        assertThat(ProcessHandle.current().info().user().orElse("")).as("chroot needs root (CI runs as root)")
                .isEqualTo("root");
        ImageTarTest.Image image = ImageTarTest.unpack(Service.GATEWAY, Files.createDirectories(dir.resolve("image")));
        Path rootfs = Files.createDirectories(dir.resolve("rootfs"));
        for (Path layer : image.layers()) {
            Result r = run(List.of("tar", "-xf", layer.toString(), "-C", rootfs.toString()), dir, Map.of(), 2);
            assertThat(r.exit()).as(r.output()).isZero();
        }
        Files.createDirectories(rootfs.resolve("proc"));
        Files.createDirectories(rootfs.resolve("dev"));

        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String user = DeployFiles.IMAGE_USER;
        List<String> command = new ArrayList<>(List.of("unshare", "--mount", "--fork", "--", "bash", "-c",
                "mount --make-rprivate / && mount -t proc proc \"$0/proc\" && mount --rbind /dev \"$0/dev\""
                        + " && cd \"$0\" && exec /usr/sbin/chroot --userspec=\"$1\" \"$0\" bash -c 'cd /tmp && exec \"$@\"' --"
                        + " \"${@:2}\"",
                rootfs.toString(), user));
        command.addAll(image.entrypoint());
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("gateway.log").toFile());
        pb.environment().clear();
        for (String e : image.env()) {
            pb.environment().put(e.substring(0, e.indexOf('=')), e.substring(e.indexOf('=') + 1));
        }
        pb.environment().put("SERVER_PORT", Integer.toString(port));
        // No cgroup limit in a chroot: MaxRAMPercentage would size the heap by this whole machine.
        pb.environment().put("JAVA_TOOL_OPTIONS", "-Xmx256m -XX:TieredStopAtLevel=1");
        Process process = pb.start();
        try {
            // The compose healthcheck's own command, run inside the image as its user, on this run's port.
            String health = String.valueOf(list(map(map(map(DeployFiles.yaml(DeployFiles.HOME
                    .resolve("docker-compose.yml")).get("services")).get("gateway")).get("healthcheck")).get("test"))
                    .getLast()).replace("/8080 ", "/" + port + " ");
            long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
            boolean healthy = false;
            while (!healthy && System.nanoTime() < deadline && process.isAlive()) {
                Thread.sleep(2000);
                Result check = run(List.of("/usr/sbin/chroot", "--userspec=" + user, rootfs.toString(), "bash", "-c",
                        health), dir, Map.of(), 1);
                healthy = check.exit() == 0;
            }
            String log = Files.readString(dir.resolve("gateway.log"));
            assertThat(healthy).as("the healthcheck passed; gateway log:%n%s", log).isTrue();

            // The JVM runs as the image's user, not root.
            long javaPid = process.descendants().filter(p -> p.info().command().orElse("").endsWith("java"))
                    .findFirst().map(ProcessHandle::pid).orElse(process.pid());
            String status = Files.readString(Path.of("/proc/" + javaPid + "/status"));
            assertThat(status).containsPattern("(?m)^Uid:\\s+10001\\s");

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            HttpResponse<String> index = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(index.statusCode()).isEqualTo(200);
            assertThat(index.body()).containsIgnoringCase("<!doctype html");
            assertThat(log).contains("The following 1 profile is active: \"docker\"");
        } finally {
            stop(process);
        }
    }

    static void stop(Process process) throws InterruptedException, IOException {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
