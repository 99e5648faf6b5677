package dev.lalala.chat.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The chat socket meters: a socket counts as open from its handling's start until it ends, however it ends. */
class MeteredSocketHandlerTest {

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @Test
    void countsSocketsWhileTheyAreHandledAndEveryOneAccepted() {
        Sinks.Empty<Void> first = Sinks.empty();
        Sinks.Empty<Void> second = Sinks.empty();
        Sinks.Empty<Void> third = Sinks.empty();
        List<Sinks.Empty<Void>> sessions = List.of(first, second, third);
        int[] next = {0};
        WebSocketHandler delegate = session -> sessions.get(next[0]++).asMono();
        MeteredSocketHandler handler = new MeteredSocketHandler(delegate, meters);
        assertThat(open()).isZero();

        Disposable a = handler.handle(Mockito.mock(WebSocketSession.class)).subscribe();
        Disposable b = handler.handle(Mockito.mock(WebSocketSession.class)).subscribe();
        Mono<Void> notSubscribed = handler.handle(Mockito.mock(WebSocketSession.class));
        assertThat(open()).isEqualTo(2);
        assertThat(opened()).isEqualTo(2);

        first.tryEmitEmpty();                                  // closed by the client
        assertThat(open()).isEqualTo(1);
        b.dispose();                                           // the connection dropped
        assertThat(open()).isZero();

        notSubscribed.subscribe(null, failure -> { });
        third.tryEmitError(new IllegalStateException("boom"));  // the handler failed
        assertThat(open()).isZero();
        assertThat(opened()).isEqualTo(3);
        assertThat(a.isDisposed()).isTrue();
    }

    @Test
    void keepsTheDelegatesSubprotocols() {
        WebSocketHandler delegate = new WebSocketHandler() {
            @Override
            public List<String> getSubProtocols() {
                return List.of("lalala.chat.v1");
            }

            @Override
            public Mono<Void> handle(WebSocketSession session) {
                return Mono.empty();
            }
        };
        assertThat(new MeteredSocketHandler(delegate, meters).getSubProtocols()).containsExactly("lalala.chat.v1");
    }

    double open() {
        return meters.get(MeteredSocketHandler.OPEN_METRIC).gauge().value();
    }

    double opened() {
        return meters.get(MeteredSocketHandler.OPENED_METRIC).counter().count();
    }
}
