package dev.lalala.fleet.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.fleet.FleetService;
import dev.lalala.infra.Home;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Only the gateway listens beyond the machine: every other service's local configuration (what ./lalala up and the
 * fleet tests run) binds {@code server.address} to loopback. A service without it would listen on every interface.
 */
class LoopbackBindingTest {

    @ParameterizedTest
    @EnumSource(value = FleetService.class, names = "GATEWAY", mode = EnumSource.Mode.EXCLUDE)
    void everyServiceButTheGatewayBindsLoopbackInTheLocalProfile(FleetService service) throws IOException {
        Path yml = Home.find().resolve(service.id()).resolve("src/main/resources/application.yml");

        assertThat(serverAddress(Files.readAllLines(yml))).as("server.address of %s", service.id())
                .isEqualTo("127.0.0.1");
    }

    /** The value of {@code server.address} in the file's first (profile-less) document, or null. */
    static String serverAddress(List<String> lines) {
        boolean inServer = false;
        for (String line : lines) {
            if (line.equals("---")) {
                break;
            }
            if (!line.isBlank() && !line.startsWith(" ") && !line.startsWith("#")) {
                inServer = line.startsWith("server:");
                continue;
            }
            String trimmed = line.trim();
            if (inServer && line.startsWith("  ") && !line.startsWith("   ") && trimmed.startsWith("address:")) {
                return trimmed.substring("address:".length()).trim();
            }
        }
        return null;
    }
}
