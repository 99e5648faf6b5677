package dev.lalala.chat.live;

import dev.lalala.chat.ChatProperties;
import dev.lalala.chat.room.TrackReactions;
import dev.lalala.defaults.realtime.AuthenticatingHandshake;
import dev.lalala.defaults.subscription.Subscriptions;
import dev.lalala.events.room.RoomMessagePosted;
import dev.lalala.events.room.RoomModerated;
import dev.lalala.events.room.RoomPlaybackChanged;
import dev.lalala.events.room.RoomPresenceChanged;
import dev.lalala.events.room.RoomReactionSent;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.WebsocketServerSpec;
import tools.jackson.databind.json.JsonMapper;

/**
 * The live side of rooms: {@code /api/chat/ws} behind an authenticating handshake with a bound on frame size, and
 * room.events fanned out to this instance's sockets (every instance is its own consumer group).
 */
@Configuration(proxyBeanMethods = false)
public class LiveConfiguration {

    public static final String PATH = "/api/chat/ws";

    @Bean
    Frames frames(JsonMapper json) {
        return new Frames(json);
    }

    @Bean
    RoomFanOut roomFanOut(RoomHub hub, Frames frames, ChatProperties properties, Clock clock, MeterRegistry meters) {
        return new RoomFanOut(hub, frames, properties, clock, meters);
    }

    @Bean
    Subscriptions roomFanOutSubscriptions(RoomFanOut fanOut) {
        return Subscriptions.everyInstance()
                .onIdempotentEnvelope(RoomMessagePosted.class, fanOut::message)
                .onIdempotentEnvelope(RoomReactionSent.class, fanOut::reaction)
                .onIdempotentEnvelope(RoomPlaybackChanged.class, fanOut::playback)
                .onIdempotentEnvelope(RoomPresenceChanged.class, fanOut::presence)
                .onIdempotentEnvelope(RoomModerated.class, fanOut::moderated);
    }

    @Bean
    ChatSocketHandler chatSocketHandler(RoomHub hub, LiveRooms live, RoomSignals signals, TrackReactions reactions,
            Frames frames, JsonMapper json, ChatProperties properties, Clock clock, ChatInstance instance) {
        return new ChatSocketHandler(hub, live, signals, reactions, frames, json, properties, clock, instance.id());
    }

    @Bean
    HandlerMapping chatSocketMapping(ChatSocketHandler handler, MeterRegistry meters) {
        return new SimpleUrlHandlerMapping(Map.of(PATH, new MeteredSocketHandler(handler, meters)),
                Ordered.HIGHEST_PRECEDENCE);
    }

    @Bean
    LiveShutdown liveShutdown(RoomFanOut fanOut, LiveRooms live) {
        return new LiveShutdown(fanOut, live);
    }

    /** Client frames are small JSON commands and chat lines; a bigger frame is refused before it is buffered. */
    @Bean
    WebFluxConfigurer webSocketLimits(@Value("${lalala.chat.ws.max-frame-bytes:8192}") int maxFrameBytes,
            ReactiveJwtDecoder decoder,
            @Value("${lalala.cors.allowed-origins:http://localhost:5173,http://localhost:8080}") List<String> origins) {
        return new WebFluxConfigurer() {
            @Override
            public WebSocketService getWebSocketService() {
                return new AuthenticatingHandshake(new ReactorNettyRequestUpgradeStrategy(
                        () -> WebsocketServerSpec.builder().maxFramePayloadLength(maxFrameBytes)), decoder, origins,
                        ChatSocketHandler.PROTOCOL, "chat", LiveConfiguration::authenticated);
            }
        };
    }

    /** The chat handler (inside its socket counter) gets the caller and when its token expires (it closes then). */
    static WebSocketHandler authenticated(WebSocketHandler handler, AuthenticatingHandshake.Caller caller) {
        if (handler instanceof MeteredSocketHandler metered) {
            return metered.around(authenticated(metered.delegate(), caller));
        }
        if (!(handler instanceof ChatSocketHandler chat)) {
            return handler;
        }
        Instant expiresAt = caller.token().getExpiresAt();
        return new WebSocketHandler() {
            @Override
            public List<String> getSubProtocols() {
                return chat.getSubProtocols();
            }

            @Override
            public Mono<Void> handle(WebSocketSession session) {
                return chat.handle(session, caller.user(), expiresAt);
            }
        };
    }
}
