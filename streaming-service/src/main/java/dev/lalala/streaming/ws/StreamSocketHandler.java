package dev.lalala.streaming.ws;

import dev.lalala.defaults.realtime.ClockSyncProtocol;
import dev.lalala.defaults.security.CurrentUser;
import dev.lalala.streaming.StreamingProperties;
import dev.lalala.streaming.audio.Manifests;
import dev.lalala.streaming.play.Listens;
import dev.lalala.streaming.segment.SegmentCache;
import io.netty.channel.Channel;
import java.util.List;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /api/stream/ws}: the streaming protocol (README.md). The handshake was authenticated by
 * {@link dev.lalala.defaults.realtime.AuthenticatingHandshake}, which hands the caller over; each socket is a {@link StreamSession}.
 */
public class StreamSocketHandler implements WebSocketHandler {

    private final ClockSyncProtocol protocol;
    private final JsonMapper json;
    private final Manifests manifests;
    private final SegmentCache segments;
    private final Listens listens;
    private final Listeners listeners;
    private final StreamingProperties.Ws limits;

    public StreamSocketHandler(ClockSyncProtocol protocol, JsonMapper json, Manifests manifests,
            SegmentCache segments, Listens listens, Listeners listeners, StreamingProperties properties) {
        this.protocol = protocol;
        this.json = json;
        this.manifests = manifests;
        this.segments = segments;
        this.listens = listens;
        this.listeners = listeners;
        this.limits = properties.getWs();
    }

    @Override
    public List<String> getSubProtocols() {
        return List.of(StreamSession.SUBPROTOCOL);
    }

    /** Reached only around {@link dev.lalala.defaults.realtime.AuthenticatingHandshake}, which knows the caller: never unauthenticated. */
    @Override
    public Mono<Void> handle(WebSocketSession session) {
        return session.close(CloseStatus.POLICY_VIOLATION);
    }

    /** An authenticated socket; {@code channel} (may be null) tells whether a frame Netty released was written. */
    public Mono<Void> handle(WebSocketSession session, CurrentUser listener, Channel channel) {
        return new StreamSession(session, listener.id(), channel, json, protocol, manifests, segments, listens,
                listeners, limits).run();
    }
}
