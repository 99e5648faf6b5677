package dev.lalala.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import reactor.core.publisher.Mono;

class RoundRobinInstancesTest {

    @Test
    void aServiceWithoutReplicasIsNotBalanced() {
        DownstreamServices.Service chat = new DownstreamServices.Service();
        chat.setUri(URI.create("http://127.0.0.1:8086"));
        assertThat(RoundRobinInstances.of(chat)).isNull();
    }

    @Test
    void requestsAndSocketsTakeTurnsOverTheInstancesKeepingPathAndQuery() {
        DownstreamServices.Service chat = new DownstreamServices.Service();
        chat.setUri(URI.create("http://127.0.0.1:8086"));
        chat.setReplicas(List.of(URI.create("http://127.0.0.1:8186")));
        RoundRobinInstances balancer = RoundRobinInstances.of(chat);

        assertThat(route(balancer, "ws://127.0.0.1:8086/api/chat/ws")).isEqualTo("ws://127.0.0.1:8086/api/chat/ws");
        assertThat(route(balancer, "ws://127.0.0.1:8086/api/chat/ws")).isEqualTo("ws://127.0.0.1:8186/api/chat/ws");
        assertThat(route(balancer, "http://127.0.0.1:8086/api/rooms?limit=5%2C"))
                .isEqualTo("http://127.0.0.1:8086/api/rooms?limit=5%2C");
        assertThat(route(balancer, "http://127.0.0.1:8086/api/rooms/x")).isEqualTo("http://127.0.0.1:8186/api/rooms/x");
    }

    static String route(RoundRobinInstances balancer, String url) {
        MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/").build());
        exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, URI.create(url));
        balancer.filter(exchange, e -> Mono.empty()).block();
        return exchange.<URI>getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR).toString();
    }
}
