package dev.lalala.streaming.ws;

import dev.lalala.defaults.realtime.AuthenticatingHandshake;
import dev.lalala.defaults.realtime.ClockSyncProtocol;
import dev.lalala.streaming.StreamingProperties;
import dev.lalala.streaming.audio.Manifests;
import dev.lalala.streaming.play.Listens;
import dev.lalala.streaming.segment.SegmentCache;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import io.netty.channel.Channel;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * Routes {@code /api/stream/ws} to the socket handler, behind an authenticating handshake, with a bound on the size
 * of what a client may send.
 */
@Configuration(proxyBeanMethods = false)
public class WebSocketConfiguration {

    public static final String PATH = "/api/stream/ws";

    @Bean
    ClockSyncProtocol clockSyncProtocol(@Value("${spring.application.name}") String service, JsonMapper json,
            Clock clock) {
        return new ClockSyncProtocol(service, json, clock);
    }

    @Bean
    HandlerMapping streamSocketMapping(ClockSyncProtocol protocol, JsonMapper json, Manifests manifests,
            SegmentCache segments, Listens listens, Listeners listeners, StreamingProperties properties) {
        return new SimpleUrlHandlerMapping(Map.of(PATH,
                new StreamSocketHandler(protocol, json, manifests, segments, listens, listeners, properties)),
                Ordered.HIGHEST_PRECEDENCE);
    }

    /** Client frames are small JSON commands; a bigger frame is refused by Netty before it is buffered. */
    @Bean
    WebFluxConfigurer webSocketLimits(StreamingProperties properties, ReactiveJwtDecoder decoder,
            @Value("${lalala.cors.allowed-origins:http://localhost:5173,http://localhost:8080}") List<String> origins) {
        int maxFrameBytes = properties.getWs().getMaxFrameBytes();
        return new WebFluxConfigurer() {
            @Override
            public WebSocketService getWebSocketService() {
                return new AuthenticatingHandshake(new ReactorNettyRequestUpgradeStrategy(
                        () -> WebsocketServerSpec.builder().maxFramePayloadLength(maxFrameBytes)), decoder, origins,
                        "lalala.stream.v1", "stream", WebSocketConfiguration::authenticated);
            }
        };
    }

    /** The stream handler gets the caller and its Netty connection (for its write buffer) directly. */
    static WebSocketHandler authenticated(WebSocketHandler handler, AuthenticatingHandshake.Caller caller) {
        if (!(handler instanceof StreamSocketHandler stream)) {
            return handler;
        }
        Channel channel = ServerHttpRequestDecorator.getNativeRequest(caller.exchange().getRequest())
                instanceof Connection connection ? connection.channel() : null;
        return new WebSocketHandler() {
            @Override
            public List<String> getSubProtocols() {
                return stream.getSubProtocols();
            }

            @Override
            public Mono<Void> handle(WebSocketSession session) {
                return stream.handle(session, caller.user(), channel);
            }
        };
    }
}
