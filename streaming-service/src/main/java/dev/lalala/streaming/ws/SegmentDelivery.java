package dev.lalala.streaming.ws;

import dev.lalala.events.audio.TrackManifest;
import dev.lalala.streaming.play.Listens;
import dev.lalala.streaming.segment.Segment;
import io.netty.channel.Channel;
import java.util.concurrent.TimeUnit;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;

/**
 * The way out of one socket: frames queued for it, made into messages only when the socket takes them (a wrapper
 * around the cached segment, no copy per listener), and segment frames accounted once Netty released them: counted
 * as sent, towards the listen and in the metrics, only if the socket was still up. State lives in the session's
 * {@link CreditWindow}, under the session's monitor ({@code lock}).
 */
final class SegmentDelivery {

    sealed interface Outgoing permits Text, SegmentFrame {

        long size();
    }

    record Text(String json) implements Outgoing {

        @Override
        public long size() {
            return json.length();
        }
    }

    record SegmentFrame(TrackManifest track, Listens.Listen listen, int index, Segment segment,
            long playStartedNanos) implements Outgoing {

        @Override
        public long size() {
            return StreamProtocol.FRAME_HEADER_BYTES + segment.size();
        }
    }

    private final Object lock;
    private final WebSocketSession ws;
    private final Channel channel;
    private final CreditWindow window;
    private final Listeners listeners;
    private final Listens listens;
    /** Called after a frame was written: room for the next segment. */
    private final Runnable afterWrite;
    private final Sinks.Many<Outgoing> out = Sinks.many().unicast().onBackpressureBuffer(
            Queues.<Outgoing>unbounded().get());

    SegmentDelivery(Object lock, WebSocketSession ws, Channel channel, CreditWindow window, Listeners listeners,
            Listens listens, Runnable afterWrite) {
        this.lock = lock;
        this.ws = ws;
        this.channel = channel;
        this.window = window;
        this.listeners = listeners;
        this.listens = listens;
        this.afterWrite = afterWrite;
    }

    /** What the socket sends, in order. */
    Flux<WebSocketMessage> messages() {
        return out.asFlux().map(this::taken);
    }

    /** Queues a frame; the caller holds the lock and has counted it in the window. */
    void push(Outgoing outgoing) {
        out.tryEmitNext(outgoing);
    }

    /** Under the monitor, like every push: a sink signalled from two threads at once may drop the signal. */
    void complete() {
        synchronized (lock) {
            out.tryEmitComplete();
        }
    }

    /** The socket takes the next frame: only now does it become a message (a wrapper, for a segment). */
    private WebSocketMessage taken(Outgoing outgoing) {
        synchronized (lock) {
            window.taken(outgoing.size(), outgoing instanceof Text);
        }
        return switch (outgoing) {
            case Text text -> ws.textMessage(text.json());
            case SegmentFrame frame -> {
                if (frame.playStartedNanos() != 0) {
                    listeners.timeToFirstSegment.record(System.nanoTime() - frame.playStartedNanos(),
                            TimeUnit.NANOSECONDS);
                }
                yield new WebSocketMessage(WebSocketMessage.Type.BINARY, StreamProtocol.segmentFrame(
                        ws.bufferFactory(), frame.track().trackId(), frame.index(), frame.segment(),
                        () -> frameWritten(frame)));
            }
        };
    }

    /** A segment frame left the server: counted as sent (and towards the listen) only if the socket was still up. */
    private void frameWritten(SegmentFrame frame) {
        boolean written = channel == null || channel.isActive();
        synchronized (lock) {
            window.segmentWritten(frame.size(), written);
        }
        if (written) {
            listeners.segmentsSent.increment();
            listeners.bytesSent.increment(frame.size());
            if (frame.listen() != null) {
                listens.delivered(frame.listen(), frame.track(), frame.index());
            }
        }
        afterWrite.run();
    }
}
