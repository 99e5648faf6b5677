package dev.lalala.streaming.ws;

import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /api/stream/ws}: for now the clock-sync part of the protocol (hello, ping/pong, error frames). Replies go
 * out in the order the frames came in; a bad frame is answered, never a reason to close.
 */
public class StreamSocketHandler implements WebSocketHandler {

    private final ClockSyncProtocol protocol;

    public StreamSocketHandler(ClockSyncProtocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        Flux<WebSocketMessage> replies = session.receive()
                .map(message -> message.getType() == WebSocketMessage.Type.TEXT
                        ? protocol.reply(message.getPayloadAsText())
                        : protocol.unsupported("Only JSON text frames are understood."))
                .map(session::textMessage);
        Mono<WebSocketMessage> hello = Mono.fromCallable(() -> session.textMessage(protocol.hello()));
        return session.send(Flux.concat(hello, replies));
    }
}
