package dev.lalala.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import org.springframework.http.HttpMethod;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

/** Which actuator paths the public edge lets through, and for whom. */
class ActuatorEdgeFilterTest {

    static final InetSocketAddress OUTSIDE = new InetSocketAddress("203.0.113.7", 40_000);
    static final InetSocketAddress COMPOSE_NETWORK = new InetSocketAddress("172.18.0.9", 40_000);

    @ParameterizedTest
    @ValueSource(strings = {"/actuator", "/actuator/", "/actuator/info", "/actuator/env", "/ACTUATOR/info",
            "/actuator;x=1/info", "/%61ctuator/info", "/api/chat/actuator/prometheus", "/api/rooms/x/actuator",
            "/actuator/health/../prometheus", "/actuator/health/actuator/prometheus"})
    void actuatorPathsAreNotFoundFromAnywhere(String path) {
        assertThat(ActuatorEdgeFilter.allowed(request(path, OUTSIDE))).as(path).isFalse();
        assertThat(ActuatorEdgeFilter.allowed(request(path, COMPOSE_NETWORK))).as(path).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness",
            "/actuator/health/fleet", "/api/rooms", "/", "/songs/actuators"})
    void healthProbesAndEverythingElsePassFromAnywhere(String path) {
        assertThat(ActuatorEdgeFilter.allowed(request(path, OUTSIDE))).as(path).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "10.0.3.4", "172.18.0.9", "192.168.1.20", "fd12:3456::1", "fe80::1"})
    void prometheusAnswersInternalPeers(String address) {
        assertThat(ActuatorEdgeFilter.allowed(request("/actuator/prometheus", new InetSocketAddress(address, 1))))
                .as(address).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.7", "8.8.8.8", "2001:db8::1"})
    void prometheusIsNotFoundForPeersOutsideTheNetwork(String address) {
        assertThat(ActuatorEdgeFilter.allowed(request("/actuator/prometheus", new InetSocketAddress(address, 1))))
                .as(address).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"X-Forwarded-For", "Forwarded", "X-Real-IP"})
    void prometheusIsNotFoundWhenAProxyRelayedTheRequest(String header) {
        MockServerHttpRequest relayed = MockServerHttpRequest.method(HttpMethod.GET, URI.create("http://gw/actuator/prometheus"))
                .header(header, "203.0.113.7").remoteAddress(COMPOSE_NETWORK).build();
        assertThat(ActuatorEdgeFilter.allowed(relayed)).isFalse();
    }

    static MockServerHttpRequest request(String path, InetSocketAddress from) {
        return MockServerHttpRequest.method(HttpMethod.GET, URI.create("http://gw" + path)).remoteAddress(from).build();
    }
}
