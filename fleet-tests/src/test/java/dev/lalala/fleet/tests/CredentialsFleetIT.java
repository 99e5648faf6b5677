package dev.lalala.fleet.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.fleet.Fleet;
import dev.lalala.fleet.FleetService;
import dev.lalala.infra.Secrets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each service process gets only its own secrets: its database password, and for auth-service the key that
 * encrypts its signing key. Read from the running processes' environments ({@code /proc/<pid>/environ}).
 */
@ExtendWith(RunningFleet.class)
class CredentialsFleetIT {

    @Test
    void everyServiceGetsItsOwnDatabasePasswordAndNoOtherSecret(Fleet fleet) throws Exception {
        List<String> databases = java.util.Arrays.stream(FleetService.values()).map(FleetService::database)
                .filter(Objects::nonNull).toList();
        String rootPassword = fleet.infrastructure().mariadbRootPassword();
        for (FleetService service : FleetService.values()) {
            Map<String, String> env = environment(fleet.runningPid(service).orElseThrow());
            String all = String.join("\n", env.values());
            assertThat(all).as("%s must not see the MariaDB root password", service.id()).doesNotContain(rootPassword);
            assertThat(env).doesNotContainKeys(Secrets.sensitiveNames(databases).stream()
                    .filter(name -> !(service == FleetService.AUTH && name.equals(Secrets.AUTH_SIGNING_KEY_SECRET)))
                    .filter(name -> !((service == FleetService.AUTH || service == FleetService.GATEWAY)
                            && name.equals(Secrets.GATEWAY_SECRET)))
                    .toArray(String[]::new));
            for (String db : databases) {
                if (!db.equals(service.database())) {
                    assertThat(all).as("%s must not see the password of %s", service.id(), db)
                            .doesNotContain(fleet.infrastructure().dbPassword(db));
                }
            }
            if (service.database() != null) {
                assertThat(env).containsEntry("LALALA_DB_PASSWORD", fleet.infrastructure().dbPassword(service.database()));
            } else {
                assertThat(env).doesNotContainKey("LALALA_DB_PASSWORD");
            }
        }
        Map<String, String> auth = environment(fleet.runningPid(FleetService.AUTH).orElseThrow());
        assertThat(Base64.getDecoder().decode(auth.get(Secrets.AUTH_SIGNING_KEY_SECRET))).hasSize(32);
        Map<String, String> gateway = environment(fleet.runningPid(FleetService.GATEWAY).orElseThrow());
        assertThat(auth.get(Secrets.GATEWAY_SECRET)).as("auth-service checks the secret the gateway shows")
                .isNotBlank().isEqualTo(gateway.get(Secrets.GATEWAY_SECRET));
    }

    private static Map<String, String> environment(long pid) throws Exception {
        Map<String, String> env = new LinkedHashMap<>();
        String raw = new String(Files.readAllBytes(Path.of("/proc", Long.toString(pid), "environ")), StandardCharsets.UTF_8);
        for (String entry : raw.split("\0")) {
            int eq = entry.indexOf('=');
            if (eq > 0) {
                env.put(entry.substring(0, eq), entry.substring(eq + 1));
            }
        }
        return env;
    }
}
