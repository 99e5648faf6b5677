package dev.lalala.fleet.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.fleet.Fleet;
import dev.lalala.infra.Home;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The social pages in a real browser against the fleet this suite started: {@code npm run e2e:social} in {@code web/}
 * (web/e2e/social.mjs): A uploads two songs; B finds one by a Korean word typed with IME compositions through the
 * header's suggestions, follows A from the artist page, sees the songs in the feed, puts them in a new playlist from
 * the songs' menus and reorders it by button, Alt+arrow and drag and drop (each order read back after a reload), with
 * axe-core on every new page at 1280 and 360 px. Screenshots land in {@code target/web-social-screenshots/}.
 */
@ExtendWith(RunningFleet.class)
class WebSocialE2EIT {

    @Test
    void theSocialJourneyPassesInChromium(Fleet fleet) throws Exception {
        WebAppE2EIT.ensureChromium();
        Path home = Home.find();
        Path artifacts = home.resolve("fleet-tests/target/web-social-screenshots");
        Path log = home.resolve("fleet-tests/target/web-social-e2e.log");
        Files.createDirectories(log.getParent());
        ProcessBuilder npm = new ProcessBuilder("npm", "run", "e2e:social")
                .directory(home.resolve("web").toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        npm.environment().put("GATEWAY_URL", fleet.gatewayUrl());
        npm.environment().put("MAIL_URL", fleet.infrastructure().mail().apiUrl());
        npm.environment().put("CHROMIUM", WebAppE2EIT.CHROMIUM.toString());
        npm.environment().put("E2E_ARTIFACTS", artifacts.toString());
        Process process = npm.start();
        boolean finished = process.waitFor(8, TimeUnit.MINUTES);
        if (!finished) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.println(output);
        assertThat(finished).as("npm run e2e:social did not finish in 8 minutes:%n%s", output).isTrue();
        assertThat(process.exitValue()).as("npm run e2e:social failed:%n%s", output).isZero();
        assertThat(output).contains(" passed, 0 failed");
    }
}
