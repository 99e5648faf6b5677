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
        // "Restart", "try again later" and "bad gateway" tell a player to come back: they pass too.
        assertThat(WebSocketProxyFilter.forwardable(1012)).isEqualTo(1012);
        assertThat(WebSocketProxyFilter.forwardable(1013)).isEqualTo(1013);
        assertThat(WebSocketProxyFilter.forwardable(1014)).isEqualTo(1014);
        assertThat(WebSocketProxyFilter.forwardable(1005)).isEqualTo(1002);
        assertThat(WebSocketProxyFilter.forwardable(1006)).isEqualTo(1002);
        assertThat(WebSocketProxyFilter.forwardable(2999)).isEqualTo(1002);
    }
}
