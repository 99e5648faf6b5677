package dev.lalala.chat.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;

/** A socket that reads nothing: its queue fills, reactions are skipped first, then it is closed 1013. */
class LiveSessionTest {

    @Test
    void aSlowSocketSkipsReactionsThenIsClosedWithoutGrowingItsQueue() {
        WebSocketSession socket = mock(WebSocketSession.class);
        when(socket.close(any())).thenReturn(Mono.empty());
        when(socket.isOpen()).thenReturn(true);
        long now = System.nanoTime();
        LiveSession session = new LiveSession(socket, UUID.randomUUID(), 16, new TokenBucket(5, 5, now),
                new TokenBucket(5, 5, now), new TokenBucket(5, 5, now), new TokenBucket(5, 5, now));

        for (int i = 0; i < 8; i++) {
            assertThat(session.send("reaction " + i, true)).isTrue();
        }
        assertThat(session.send("reaction 9", true)).as("over half full: reactions skipped").isFalse();
        assertThat(session.skipped.get()).isEqualTo(1);
        for (int i = 0; i < 8; i++) {
            assertThat(session.send("chat " + i, false)).isTrue();
        }
        verify(socket, never()).close(any());
        assertThat(session.queued()).isEqualTo(16);

        assertThat(session.send("chat 9", false)).as("full: the socket is dropped").isFalse();
        verify(socket).close(LiveSession.TOO_SLOW);
        assertThat(LiveSession.TOO_SLOW.getCode()).isEqualTo(1013);
        assertThat(session.queued()).isEqualTo(16);
        assertThat(session.send("chat 10", false)).isFalse();
    }

    @Test
    void aTokenBucketAllowsABurstThenTheRate() {
        TokenBucket bucket = new TokenBucket(5, 5, 0);
        for (int i = 0; i < 5; i++) {
            assertThat(bucket.take(0)).isTrue();
        }
        assertThat(bucket.take(0)).isFalse();
        assertThat(bucket.take(199_000_000L)).isFalse();
        assertThat(bucket.take(200_000_000L)).isTrue();
    }

    @Test
    void closeCodesAreTheDocumentedOnes() {
        assertThat(LiveShutdown.RESTART.getCode()).isEqualTo(1012);
        assertThat(ChatSocketHandler.ABUSE.getCode()).isEqualTo(CloseStatus.POLICY_VIOLATION.getCode());
        assertThat(ChatSocketHandler.SERVER_ERROR.getCode()).isEqualTo(1011);
    }
}
