package dev.lalala.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.web.reactive.socket.CloseStatus;

class WebSocketProxyFilterTest {

    @Test
    void everyOfferedSubprotocolIsPassedOnInOrder() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Sec-WebSocket-Protocol", "bearer.abc, lalala.v1");
        headers.add("Sec-WebSocket-Protocol", "other");
        assertThat(WebSocketProxyFilter.requestedProtocols(headers)).containsExactly("bearer.abc", "lalala.v1", "other");
        assertThat(WebSocketProxyFilter.requestedProtocols(new HttpHeaders())).isEmpty();
    }

    @Test
    void httpRoutesBecomeWebSocketUrls() {
        assertThat(WebSocketProxyFilter.toWebSocketUrl(URI.create("http://chat-service:8086/api/chat/ws?room=1")))
                .isEqualTo(URI.create("ws://chat-service:8086/api/chat/ws?room=1"));
        assertThat(WebSocketProxyFilter.toWebSocketUrl(URI.create("ws://localhost:8085/api/stream/ws")))
                .isEqualTo(URI.create("ws://localhost:8085/api/stream/ws"));
        assertThat(WebSocketProxyFilter.toWebSocketUrl(URI.create("https://x/api")))
                .isEqualTo(URI.create("wss://x/api"));
        assertThat(WebSocketProxyFilter.toWebSocketUrl(URI.create("forward:/local"))).isNull();
    }

    @Test
    void closeCodesAnEndpointMaySendPassAsTheyAre() {
        assertThat(WebSocketProxyFilter.forwardable(CloseStatus.NORMAL)).isEqualTo(CloseStatus.NORMAL);
        assertThat(WebSocketProxyFilter.forwardable(new CloseStatus(4401, "token expired")).getCode()).isEqualTo(4401);
        assertThat(WebSocketProxyFilter.forwardable(CloseStatus.NO_CLOSE_FRAME)).isEqualTo(CloseStatus.PROTOCOL_ERROR);
        // A service restarting (1012) or shedding a slow client (1013): the client must see why, to reconnect.
        assertThat(WebSocketProxyFilter.forwardable(CloseStatus.SERVICE_RESTARTED)).isEqualTo(CloseStatus.SERVICE_RESTARTED);
        assertThat(WebSocketProxyFilter.forwardable(new CloseStatus(1013, "too slow")).getCode()).isEqualTo(1013);
    }
}
