package dev.lalala.chat.live;

import java.util.Queue;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * One socket: who it is, the rooms it is in, its rate limits and its bounded send queue. Frames for it are queued
 * (at most {@code capacity}); when the queue is over half full, droppable frames (reactions, presence) are skipped;
 * when it is full the socket is closed with 1013, so a slow client never grows memory nor slows its room.
 */
final class LiveSession {

    /** Try again later: the client did not keep up with its room. */
    static final CloseStatus TOO_SLOW = new CloseStatus(1013, "too slow: the room went on without you; reconnect");

    final UUID id = UUID.randomUUID();
    final UUID user;
    final Set<UUID> rooms = ConcurrentHashMap.newKeySet();
    final TokenBucket chat;
    final TokenBucket reactions;
    final TokenBucket frames;
    final TokenBucket strikes;
    final AtomicLong skipped = new AtomicLong();

    private final WebSocketSession socket;
    private final int capacity;
    private final Queue<String> queue;
    private final Sinks.Many<String> outgoing;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile CloseStatus closing;

    LiveSession(WebSocketSession socket, UUID user, int capacity, TokenBucket chat, TokenBucket reactions,
            TokenBucket frames, TokenBucket strikes) {
        this.socket = socket;
        this.user = user;
        this.capacity = capacity;
        this.queue = Queues.<String>get(capacity).get();
        this.outgoing = Sinks.unsafe().many().unicast().onBackpressureBuffer(queue);
        this.chat = chat;
        this.reactions = reactions;
        this.frames = frames;
        this.strikes = strikes;
    }

    /** What goes out on the socket, in the order queued. */
    Flux<String> outgoing() {
        return outgoing.asFlux();
    }

    /**
     * Queues a frame (any thread).
     *
     * @return false when it was skipped (droppable and the queue is over half full) or the socket is closed
     */
    boolean send(String frame, boolean droppable) {
        CloseStatus close = null;
        synchronized (this) {
            if (closed.get()) {
                return false;
            }
            if (droppable && queue.size() >= capacity / 2) {
                skipped.incrementAndGet();
                return false;
            }
            if (queue.size() >= capacity || outgoing.tryEmitNext(frame).isFailure()) {
                close = TOO_SLOW;
            }
        }
        if (close != null) {
            close(close);
            return false;
        }
        return true;
    }

    boolean isOpen() {
        return !closed.get() && socket.isOpen();
    }

    /** Closes the socket with this status (once), at once: what is still queued is not sent. */
    void close(CloseStatus status) {
        if (closed.compareAndSet(false, true)) {
            closing = status;
            synchronized (this) {
                outgoing.tryEmitComplete();
            }
            socket.close(status).subscribe(null, e -> { });
        }
    }

    /** Closes the socket with this status (once) after the frames already queued (an error frame saying why). */
    void closeAfterQueued(CloseStatus status) {
        if (closed.compareAndSet(false, true)) {
            closing = status;
            synchronized (this) {
                outgoing.tryEmitComplete();
            }
        }
    }

    /** The status to close with once the queue is sent, if the server is closing this socket. */
    CloseStatus closing() {
        return closing;
    }

    int queued() {
        return queue.size();
    }
}
