package dev.lalala.gateway;

import dev.lalala.gateway.support.Fleet;
import java.time.Duration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * The gateway, started for real on a random port, in front of the whole fleet as stubs (every service up). Every
 * integration test extending this shares one application context.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        // Short timeouts so the timeout tests are quick; the upload route keeps a longer one.
        "lalala.services.search.response-timeout=800ms",
        "lalala.services.track.response-timeout=800ms",
        "lalala.services.track.timeouts[0].method=POST",
        "lalala.services.track.timeouts[0].path=/api/tracks",
        "lalala.services.track.timeouts[0].response-timeout=5s"
})
public abstract class LiveFleetTestBase {

    protected static final Fleet FLEET = Fleet.shared();

    @LocalServerPort
    protected int port;

    @DynamicPropertySource
    static void fleet(DynamicPropertyRegistry registry) {
        FLEET.register(registry);
    }

    protected WebTestClient http() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(20)).build();
    }

    protected String bearer() {
        return "Bearer " + FLEET.jwks().token();
    }
}
