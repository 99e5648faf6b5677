package dev.lalala.chat.live;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;

/**
 * Counts the chat sockets around the socket handler: {@code lalala.chat.sockets} open now and
 * {@code lalala.chat.sockets.opened} since start (docs/observability.md, the "Chat" dashboard).
 */
final class MeteredSocketHandler implements WebSocketHandler {

    static final String OPEN_METRIC = "lalala.chat.sockets";
    static final String OPENED_METRIC = "lalala.chat.sockets.opened";

    private final WebSocketHandler delegate;
    private final AtomicInteger open = new AtomicInteger();
    private final Counter opened;

    MeteredSocketHandler(WebSocketHandler delegate, MeterRegistry meters) {
        this.delegate = delegate;
        Gauge.builder(OPEN_METRIC, open, AtomicInteger::get).description("Chat sockets open").register(meters);
        this.opened = Counter.builder(OPENED_METRIC).description("Chat sockets accepted").register(meters);
    }

    @Override
    public List<String> getSubProtocols() {
        return delegate.getSubProtocols();
    }

    @Override
    public Mono<Void> handle(WebSocketSession session) {
        return counted(delegate, session);
    }

    WebSocketHandler delegate() {
        return delegate;
    }

    /** The same counting around another handler: the handshake swaps in one that knows the authenticated user. */
    WebSocketHandler around(WebSocketHandler inner) {
        return new WebSocketHandler() {
            @Override
            public List<String> getSubProtocols() {
                return inner.getSubProtocols();
            }

            @Override
            public Mono<Void> handle(WebSocketSession session) {
                return counted(inner, session);
            }
        };
    }

    private Mono<Void> counted(WebSocketHandler handler, WebSocketSession session) {
        return Mono.defer(() -> {
            open.incrementAndGet();
            opened.increment();
            return handler.handle(session).doFinally(signal -> open.decrementAndGet());
        });
    }
}
