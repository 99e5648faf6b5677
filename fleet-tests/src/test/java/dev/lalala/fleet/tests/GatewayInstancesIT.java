package dev.lalala.fleet.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.fleet.Fleet;
import dev.lalala.fleet.FleetService;
import dev.lalala.fleet.FleetSettings;
import dev.lalala.infra.Home;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two gateway processes on one port, as {@code ./lalala up --gateway-instances 2} starts them (same launcher, a free
 * port): new connections to the port reach both, and with one stopped the other keeps serving it. Only the two
 * gateways run, not the fleet behind them: the test asks the gateways themselves (their Prometheus scrape, which
 * names the process that answered when several share the port), so it stays cheap.
 */
class GatewayInstancesIT {

    static Fleet fleet;
    static int port;

    @BeforeAll
    static void startTwoGateways() {
        fleet = Fleet.create(FleetSettings.forTests(Home.find()));
        port = fleet.port(FleetService.GATEWAY);
        // Read when a gateway is launched: set only around the launch, so a fleet other tests of this JVM start
        // later runs its usual single gateway.
        System.setProperty(FleetSettings.GATEWAY_INSTANCES_PROPERTY, "2");
        try {
            fleet.start(FleetService.GATEWAY);
            fleet.startGateway(2);
        } finally {
            System.clearProperty(FleetSettings.GATEWAY_INSTANCES_PROPERTY);
        }
        fleet.awaitGatewaysReady(2, Duration.ofMinutes(4));
    }

    @AfterAll
    static void stopThem() {
        if (fleet != null) {
            fleet.stopGateway(2);
            fleet.stopGateway(1);
        }
    }

    @Test
    void bothServeThePortAndEitherAloneKeepsServingIt() {
        Map<String, Integer> served = answers(40);
        assertThat(served).as("new connections per gateway process").containsOnlyKeys("gateway", "gateway-2");
        assertThat(fleet.runningGatewayPid(2)).isPresent().isNotEqualTo(fleet.runningGatewayPid(1));

        fleet.stopGateway(1);

        assertThat(fleet.runningGatewayPid(1)).isEmpty();
        assertThat(answers(20)).as("the port after the first gateway stopped").containsOnlyKeys("gateway-2");
    }

    /** Which process answered each of n new connections; every one must be answered (200, ready). */
    private static Map<String, Integer> answers(int n) {
        Map<String, Integer> served = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            Optional<String> name = Fleet.servingGateway(port);
            assertThat(name).as("connection %d to port %d answered by a ready gateway", i, port).isPresent();
            served.merge(name.get(), 1, Integer::sum);
        }
        return served;
    }
}
