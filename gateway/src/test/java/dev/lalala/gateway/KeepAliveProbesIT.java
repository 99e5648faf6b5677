package dev.lalala.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.testsupport.KeptAliveConnection;
import java.io.IOException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Load balancers, the fleet launcher and monitoring poll the probes over kept-alive connections. Boot's liveness and
 * readiness indicators are blocking, so the reactive endpoint answered them from another thread than the
 * connection's, and Reactor Netty then now and again stopped reading the connection: the next request on it never got
 * an answer (reactor-netty#4361; seen on the fleet about once in 100 to 200 requests). Each probe is asked many times
 * back to back on one connection here, every answer within two seconds.
 */
class KeepAliveProbesIT extends LiveFleetTestBase {

    private static final int REQUESTS = 600;

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health/liveness", "/actuator/health/readiness"})
    void everyProbeOnOneKeptAliveConnectionIsAnswered(String path) throws IOException {
        try (KeptAliveConnection connection = new KeptAliveConnection(port, 2_000)) {
            assertThat(connection.getRepeatedly(path, REQUESTS)).startsWith("HTTP/1.1 200").contains("\"UP\"");
        }
    }
}
