package dev.lalala.chat.ws;

import dev.lalala.defaults.realtime.ClockSyncProtocol;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * {@code /api/chat/ws}: for now the clock-sync part of the room protocol (hello, ping/pong, error frames). Replies
 * go out in the order the frames came in; a bad frame is answered, never a reason to close.
 */
public class ChatSocketHandler implements WebSocketHandler {

    private final ClockSyncProtocol protocol;

    public ChatSocketHandler(ClockSyncProtocol protocol) {
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
