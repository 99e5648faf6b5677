package dev.lalala.chat.ws;

import dev.lalala.defaults.realtime.ClockSyncProtocol;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.databind.json.JsonMapper;

/** Routes {@code /api/chat/ws} to the socket handler, with a bound on the size of what a client may send. */
@Configuration(proxyBeanMethods = false)
public class WebSocketConfiguration {

    public static final String PATH = "/api/chat/ws";

    @Bean
    ClockSyncProtocol clockSyncProtocol(@Value("${spring.application.name}") String service, JsonMapper json,
            Clock clock) {
        return new ClockSyncProtocol(service, json, clock);
    }

    @Bean
    HandlerMapping chatSocketMapping(ClockSyncProtocol protocol, MeterRegistry meters) {
        return new SimpleUrlHandlerMapping(Map.of(PATH, new MeteredSocketHandler(new ChatSocketHandler(protocol), meters)),
                Ordered.HIGHEST_PRECEDENCE);
    }

    /** Client frames are small JSON commands and chat lines; a bigger frame is refused before it is buffered. */
    @Bean
    WebFluxConfigurer webSocketLimits(@Value("${lalala.chat.ws.max-frame-bytes:8192}") int maxFrameBytes) {
        return new WebFluxConfigurer() {
            @Override
            public WebSocketService getWebSocketService() {
                return new HandshakeWebSocketService(new ReactorNettyRequestUpgradeStrategy(
                        () -> WebsocketServerSpec.builder().maxFramePayloadLength(maxFrameBytes)));
            }
        };
    }
}
