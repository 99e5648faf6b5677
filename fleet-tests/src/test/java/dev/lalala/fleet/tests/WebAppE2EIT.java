package dev.lalala.fleet.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.fleet.Fleet;
import dev.lalala.infra.Home;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The web app in a real browser against the fleet this suite started: {@code npm run e2e} in {@code web/}
 * (web/e2e/run.mjs: playwright-core driving Debian's Chromium) signs up through the mail link, uploads, plays and
 * checks that audio is produced, moves around while it plays, seeks, likes, logs out, at desktop and phone sizes, with
 * axe-core on every page. Screenshots and the time-to-first-sound figures land in {@code target/web-screenshots/}.
 */
@ExtendWith(RunningFleet.class)
class WebAppE2EIT {

    static final Path CHROMIUM = Path.of(System.getProperty("lalala.chromium", "/usr/bin/chromium"));

    @Test
    void theWebAppJourneyPassesInChromium(Fleet fleet) throws Exception {
        ensureChromium();
        Path home = Home.find();
        Path web = home.resolve("web");
        Path artifacts = home.resolve("fleet-tests/target/web-screenshots");
        Path log = home.resolve("fleet-tests/target/web-e2e.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder npm = new ProcessBuilder("npm", "run", "e2e")
                .directory(web.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        npm.environment().put("GATEWAY_URL", fleet.gatewayUrl());
        npm.environment().put("MAIL_URL", fleet.infrastructure().mail().apiUrl());
        npm.environment().put("CHROMIUM", CHROMIUM.toString());
        npm.environment().put("E2E_ARTIFACTS", artifacts.toString());
        Process process = npm.start();
        boolean finished = process.waitFor(6, TimeUnit.MINUTES);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(finished).as("npm run e2e did not finish in 6 minutes:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("npm run e2e failed:%n%s", output).isZero();
        assertThat(output).contains(" passed, 0 failed");
    }

    /** Debian's chromium, installed when missing (the project downloads no browser of its own). */
    static void ensureChromium() throws IOException, InterruptedException {
        if (Files.isExecutable(CHROMIUM)) {
            return;
        }
        for (List<String> command : List.of(List.of("apt-get", "update", "-qq"),
                List.of("apt-get", "install", "-y", "-qq", "chromium"))) {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(10, TimeUnit.MINUTES)).as("%s timed out", command).isTrue();
            assertThat(p.exitValue()).as("%s failed (the web tests need Debian's chromium):%n%s", command, out).isZero();
        }
        assertThat(Files.isExecutable(CHROMIUM)).as("chromium is still missing at %s", CHROMIUM).isTrue();
    }
}
