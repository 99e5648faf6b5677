package dev.lalala.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * How many gateway processes the fleet runs, how they are named, and that only several of them share the port
 * (SO_REUSEPORT, a metrics tag naming each); one gateway is started exactly as before. Two gateways serving one
 * port for real: fleet-tests' {@code GatewayInstancesIT}.
 */
class GatewayInstancesTest {

    @TempDir
    Path home;

    @AfterEach
    void clear() {
        System.clearProperty(FleetSettings.GATEWAY_INSTANCES_PROPERTY);
    }

    @Test
    void oneUnlessMoreAreAskedForAndAtMostFour() {
        FleetSettings settings = FleetSettings.forTests(home);
        if (System.getenv("LALALA_GATEWAY_INSTANCES") == null) {
            assertThat(settings.gatewayInstances()).isEqualTo(1);
        }
        System.setProperty(FleetSettings.GATEWAY_INSTANCES_PROPERTY, "2");
        assertThat(settings.gatewayInstances()).isEqualTo(2);
        System.setProperty(FleetSettings.GATEWAY_INSTANCES_PROPERTY, "4");
        assertThat(settings.gatewayInstances()).isEqualTo(4);
        for (String wrong : new String[] {"0", "5", "two"}) {
            System.setProperty(FleetSettings.GATEWAY_INSTANCES_PROPERTY, wrong);
            assertThatThrownBy(settings::gatewayInstances).isInstanceOf(FleetException.class)
                    .hasMessageContaining("gateway instances");
        }
    }

    @Test
    void theFirstIsTheGatewayTheOthersAreNumbered() {
        assertThat(Fleet.gatewayId(1)).isEqualTo("gateway");
        assertThat(Fleet.gatewayId(2)).isEqualTo("gateway-2");
    }

    @Test
    void aSingleGatewayKeepsItsPortToItself() {
        System.setProperty(FleetSettings.GATEWAY_INSTANCES_PROPERTY, "1");
        Fleet fleet = Fleet.create(FleetSettings.forTests(home));

        assertThat(fleet.gatewayProperties(1)).doesNotContainKeys("lalala.gateway.reuse-port",
                Fleet.GATEWAY_PROCESS_TAG).containsEntry("lalala.instance-id", "gateway-" + fleet.port(FleetService.GATEWAY));
    }

    @Test
    void severalGatewaysShareThePortEachWithItsOwnName() {
        System.setProperty(FleetSettings.GATEWAY_INSTANCES_PROPERTY, "2");
        Fleet fleet = Fleet.create(FleetSettings.forTests(home));
        int port = fleet.port(FleetService.GATEWAY);

        assertThat(fleet.gatewayProperties(1)).containsEntry("server.port", port)
                .containsEntry("lalala.gateway.reuse-port", true).containsEntry(Fleet.GATEWAY_PROCESS_TAG, "gateway")
                .containsEntry("lalala.instance-id", "gateway-" + port);
        assertThat(fleet.gatewayProperties(2)).containsEntry("server.port", port)
                .containsEntry("lalala.gateway.reuse-port", true).containsEntry(Fleet.GATEWAY_PROCESS_TAG, "gateway-2")
                .containsEntry("lalala.instance-id", "gateway-2-" + port);
    }
}
