package dev.lalala.streaming.ws;

import dev.lalala.defaults.realtime.ClockSyncProtocol;
import dev.lalala.events.audio.TrackManifest;
import dev.lalala.streaming.StreamingProperties;
import dev.lalala.streaming.audio.Access;
import dev.lalala.streaming.audio.Manifests;
import dev.lalala.streaming.play.Listens;
import dev.lalala.streaming.segment.Segment;
import dev.lalala.streaming.segment.SegmentCache;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.channel.Channel;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.util.concurrent.Queues;
import tools.jackson.databind.json.JsonMapper;

/**
 * One streaming socket: one listener playing one track after another. State is guarded by this object's monitor;
 * client commands are handled one at a time, in order; segment loads complete on other threads.
 *
 * <p>Memory per client is bounded: a segment is emitted only against credit, and only while fewer than
 * {@code max-credit} of this client's segment frames are still unwritten (a frame counts until Netty has written and
 * released it, however much the client keeps granting or replaying); text frames the client does not take are capped
 * at {@code max-queued-frames} (one more drops it); and a client with unwritten frames of which none was written for
 * {@code stall-timeout} is dropped. A segment frame wraps the cached segment's array (no copy per listener).
 */
final class StreamSession {

    static final String SUBPROTOCOL = "lalala.stream.v1";
    static final CloseStatus TOO_MANY_CONNECTIONS = new CloseStatus(4429, "too many connections");
    static final int FRAME_HEADER_BYTES = 20;

    private sealed interface Outgoing permits Text, SegmentFrame {

        long size();
    }

    private record Text(String json) implements Outgoing {

        @Override
        public long size() {
            return json.length();
        }
    }

    private record SegmentFrame(TrackManifest track, Listens.Listen listen, int index, Segment segment,
            long playStartedNanos) implements Outgoing {

        @Override
        public long size() {
            return FRAME_HEADER_BYTES + segment.size();
        }
    }

    record TrackHeader(String type, UUID trackId, UUID playId, int fromSegment, int segmentCount,
            long segmentDurationMs, int segmentSamples, int lastSegmentSamples, int sampleRate, int channels,
            int bitsPerSample, long durationMs, double gainDb, double loudnessLufs, List<Double> waveform) {
    }

    record End(String type, UUID trackId) {
    }

    record Error(String type, String code, String message, UUID trackId) {
    }

    private final WebSocketSession ws;
    private final UUID userId;
    private final JsonMapper json;
    private final ClockSyncProtocol clock;
    private final Manifests manifests;
    private final SegmentCache segments;
    private final Listens listens;
    private final Listeners listeners;
    private final StreamingProperties.Ws limits;
    private final Sinks.Many<Outgoing> out = Sinks.many().unicast().onBackpressureBuffer(
            Queues.<Outgoing>unbounded().get());
    private final Channel channel;
    private Disposable ticker;
    /** Where this client's segment frames stop counting as unwritten: Netty released them (written, or failed). */

    // guarded by this
    private TrackManifest track;
    private Listens.Listen listen;
    private int next;
    private int generation;
    private boolean loading;
    private int credit;
    private boolean endSent;
    private long playStartedNanos;
    private boolean firstPending;
    private int queuedFrames;
    private long queuedBytes;
    private int unwrittenSegments;
    private long unwrittenBytes;
    private long segmentsSent;
    private boolean closed;
    private long lastWrittenNanos = System.nanoTime();

    StreamSession(WebSocketSession ws, UUID userId, Channel channel, JsonMapper json, ClockSyncProtocol clock, Manifests manifests,
            SegmentCache segments, Listens listens, Listeners listeners, StreamingProperties.Ws limits) {
        this.ws = ws;
        this.userId = userId;
        this.channel = channel;
        this.json = json;
        this.clock = clock;
        this.manifests = manifests;
        this.segments = segments;
        this.listens = listens;
        this.listeners = listeners;
        this.limits = limits;
    }

    UUID userId() {
        return userId;
    }

    Mono<Void> run() {
        if (!listeners.open(this)) {
            listeners.dropped("too-many-connections");
            return ws.send(Flux.just(ws.textMessage(clock.hello()), ws.textMessage(error("too-many-connections",
                            "At most " + listeners.maxPerUser() + " streaming connections per user.", null))))
                    .then(ws.close(TOO_MANY_CONNECTIONS));
        }
        emit(new Text(clock.hello()));
        Duration tick = limits.getTick();
        ticker = Flux.interval(tick, tick).subscribe(t -> tick());
        // When the client's side ends, so does the way out (after what is queued), and the session with both.
        Mono<Void> input = ws.receive().concatMap(this::onMessage).then()
                .doFinally(signal -> completeOutput());
        Mono<Void> output = ws.send(out.asFlux().map(this::taken));
        return Mono.when(input, output)
                .doFinally(signal -> finish());
    }

    // ---- client commands ----

    private Mono<Void> onMessage(WebSocketMessage message) {
        if (message.getType() == WebSocketMessage.Type.BINARY) {
            emitError(Command.UNSUPPORTED, "Only JSON text frames are understood.", null);
            return Mono.empty();
        }
        if (message.getType() != WebSocketMessage.Type.TEXT) {
            return Mono.empty();
        }
        return switch (Command.parse(json, message.getPayloadAsText())) {
            case Command.Ping ping -> {
                emit(new Text(clock.pong(ping.t0())));
                yield Mono.empty();
            }
            case Command.Play play -> play(play);
            case Command.Credit credit -> {
                credit(credit.n());
                yield Mono.empty();
            }
            case Command.Seek seek -> {
                seek(seek.segment());
                yield Mono.empty();
            }
            case Command.Stop stop -> {
                synchronized (this) {
                    generation++;
                    leaveTrack();
                }
                yield Mono.empty();
            }
            case Command.Invalid invalid -> {
                emitError(invalid.code(), invalid.message(), null);
                yield Mono.empty();
            }
        };
    }

    private Mono<Void> play(Command.Play play) {
        long started = System.nanoTime();
        int playGeneration;
        synchronized (this) {
            playGeneration = ++generation;
            leaveTrack();
        }
        return manifests.find(play.trackId())
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .doOnNext(found -> startTrack(play, playGeneration, found.orElse(null), started))
                .onErrorResume(error -> {
                    emitError("internal", "The track could not be read.", play.trackId());
                    return Mono.empty();
                })
                .then();
    }

    private synchronized void startTrack(Command.Play play, int playGeneration, TrackManifest manifest, long started) {
        if (closed || playGeneration != generation) {
            // The socket closed, or another command came while the manifest was read: this play is void (beginning
            // a listen now would leave it open for good).
            return;
        }
        if (manifest == null) {
            emitError("not-found", "No playable track " + play.trackId() + ".", play.trackId());
            return;
        }
        if (!Access.mayHear(manifest, userId)) {
            emitError("forbidden", "This track is private.", play.trackId());
            return;
        }
        if (play.fromSegment() < 0 || play.fromSegment() >= manifest.segmentCount()) {
            emitError("invalid-segment", "fromSegment must be in 0.." + (manifest.segmentCount() - 1) + ".",
                    play.trackId());
            return;
        }
        track = manifest;
        listen = listens.begin(userId, manifest.trackId());
        next = play.fromSegment();
        endSent = false;
        playStartedNanos = started;
        firstPending = true;
        emit(new Text(json.writeValueAsString(new TrackHeader("track", manifest.trackId(), listen.playId(),
                play.fromSegment(), manifest.segmentCount(), manifest.segmentDurationMs(), manifest.segmentSamples(),
                manifest.lastSegmentSamples(), manifest.sampleRate(), manifest.channels(), manifest.bitsPerSample(),
                manifest.durationMs(), manifest.gainDb(), manifest.loudnessLufs(), manifest.waveform()))));
        pump();
    }

    private synchronized void credit(int n) {
        if (n < 1 || n > limits.getMaxCredit()) {
            emitError("invalid-credit", "n must be in 1.." + limits.getMaxCredit() + ".", null);
            return;
        }
        credit = Math.min(credit + n, limits.getMaxCredit());
        pump();
    }

    private synchronized void seek(int segment) {
        if (track == null) {
            emitError("no-track", "Nothing is playing: send play first.", null);
            return;
        }
        if (segment < 0 || segment >= track.segmentCount()) {
            emitError("invalid-segment", "segment must be in 0.." + (track.segmentCount() - 1) + ".",
                    track.trackId());
            return;
        }
        generation++;
        next = segment;
        endSent = false;
        pump();
    }

    /**
     * The track's manifest changed or went: if this socket plays it, read it again; a track gone, or no longer
     * audible to this listener, stops with an error frame, as a new play would.
     */
    void trackChanged(UUID trackId) {
        int changeGeneration;
        synchronized (this) {
            if (closed || track == null || !track.trackId().equals(trackId)) {
                return;
            }
            changeGeneration = generation;
        }
        manifests.find(trackId).map(Optional::of).defaultIfEmpty(Optional.empty())
                .subscribe(found -> recheck(trackId, changeGeneration, found.orElse(null)),
                        error -> recheck(trackId, changeGeneration, null));
    }

    private synchronized void recheck(UUID trackId, int changeGeneration, TrackManifest manifest) {
        if (closed || changeGeneration != generation || track == null || !track.trackId().equals(trackId)) {
            return;
        }
        if (manifest == null) {
            generation++;
            leaveTrack();
            emitError("not-found", "This track is no longer playable.", trackId);
        } else if (!Access.mayHear(manifest, userId)) {
            generation++;
            leaveTrack();
            emitError("forbidden", "This track is private.", trackId);
        } else {
            track = manifest;
        }
    }

    private void leaveTrack() {
        if (listen != null) {
            listens.leave(listen);
            listen = null;
        }
        track = null;
    }

    // ---- segments, within credit ----

    private synchronized void pump() {
        if (closed || track == null || loading) {
            return;
        }
        if (next >= track.segmentCount()) {
            // Not a segment: needs no credit.
            if (!endSent) {
                endSent = true;
                emit(new Text(json.writeValueAsString(new End("end", track.trackId()))));
            }
            return;
        }
        if (credit <= 0 || unwrittenSegments >= limits.getMaxCredit()) {
            return;
        }
        loading = true;
        int loadGeneration = generation;
        int index = next;
        segments.get(track.trackId(), index)
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .subscribe(found -> loaded(loadGeneration, index, found.orElse(null)),
                        error -> loaded(loadGeneration, index, null));
    }

    private synchronized void loaded(int loadGeneration, int index, Segment segment) {
        loading = false;
        if (closed) {
            return;
        }
        if (loadGeneration != generation) {
            pump();
            return;
        }
        if (segment == null) {
            emitError("segment-unavailable", "Segment " + index + " cannot be read.", track.trackId());
            leaveTrack();
            return;
        }
        credit--;
        next++;
        long firstOfPlay = firstPending ? playStartedNanos : 0;
        firstPending = false;
        if (unwrittenSegments == 0) {
            lastWrittenNanos = System.nanoTime();
        }
        unwrittenSegments++;
        unwrittenBytes += FRAME_HEADER_BYTES + segment.size();
        emit(new SegmentFrame(track, listen, index, segment, firstOfPlay));
        pump();
    }

    // ---- the way out ----

    private void emitError(String code, String message, UUID trackId) {
        emit(new Text(error(code, message, trackId)));
    }

    private String error(String code, String message, UUID trackId) {
        return json.writeValueAsString(new Error("error", code, message, trackId));
    }

    private synchronized void emit(Outgoing outgoing) {
        if (closed) {
            return;
        }
        if (outgoing instanceof Text) {
            if (queuedFrames >= limits.getMaxQueuedFrames()) {
                drop("not-reading");
                return;
            }
            queuedFrames++;
        }
        queuedBytes += outgoing.size();
        out.tryEmitNext(outgoing);
    }

    /** The socket takes the next frame: only now does it become a message (a wrapper, for a segment). */
    private WebSocketMessage taken(Outgoing outgoing) {
        synchronized (this) {
            queuedBytes -= outgoing.size();
            if (outgoing instanceof Text) {
                queuedFrames--;
            }
        }
        return switch (outgoing) {
            case Text text -> ws.textMessage(text.json());
            case SegmentFrame frame -> {
                if (frame.playStartedNanos() != 0) {
                    listeners.timeToFirstSegment.record(System.nanoTime() - frame.playStartedNanos(),
                            TimeUnit.NANOSECONDS);
                }
                yield new WebSocketMessage(WebSocketMessage.Type.BINARY, wrap(frame));
            }
        };
    }

    /**
     * The binary frame: 16 bytes of track UUID (most significant long first), the segment index as a 4-byte
     * big-endian int, then the segment's FLAC file. The FLAC bytes are the cached array itself, wrapped.
     */
    private org.springframework.core.io.buffer.DataBuffer wrap(SegmentFrame frame) {
        DataBufferFactory factory = ws.bufferFactory();
        if (!(factory instanceof NettyDataBufferFactory netty)) {
            // Not on Netty (never in this service): a copy, and nothing to wait for.
            byte[] all = new byte[FRAME_HEADER_BYTES + frame.segment().size()];
            ByteBuffer.wrap(all).putLong(frame.track().trackId().getMostSignificantBits())
                    .putLong(frame.track().trackId().getLeastSignificantBits()).putInt(frame.index())
                    .put(frame.segment().view());
            frameWritten(frame);
            return factory.wrap(all);
        }
        // Direct memory both, so the epoll transport writes them as they are (gathering write, no copy).
        ByteBuf header = netty.getByteBufAllocator().directBuffer(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES)
                .writeLong(frame.track().trackId().getMostSignificantBits())
                .writeLong(frame.track().trackId().getLeastSignificantBits())
                .writeInt(frame.index());
        return netty.wrap(Unpooled.wrappedBuffer(header, new SegmentView(frame.segment(), () -> frameWritten(frame))));
    }

    /**
     * The cached segment's memory, wrapped for one frame. Netty releases a frame once it wrote it to the socket (or
     * failed to, when the connection ended): the one moment that says the frame is no longer held for this client,
     * whatever Reactor Netty's read-ahead took earlier. Releasing it never frees the shared memory.
     */
    private static final class SegmentView extends UnpooledDirectByteBuf {

        private final Runnable onRelease;

        SegmentView(Segment segment, Runnable onRelease) {
            super(UnpooledByteBufAllocator.DEFAULT, segment.view(), segment.size());
            this.onRelease = onRelease;
        }

        @Override
        protected void deallocate() {
            super.deallocate();
            onRelease.run();
        }
    }

    /** A segment frame left the server: counted as sent (and towards the listen) only if the socket was still up. */
    private void frameWritten(SegmentFrame frame) {
        boolean written = channel == null || channel.isActive();
        synchronized (this) {
            unwrittenSegments--;
            unwrittenBytes -= frame.size();
            lastWrittenNanos = System.nanoTime();
            if (written) {
                segmentsSent++;
            }
        }
        if (written) {
            listeners.segmentsSent.increment();
            listeners.bytesSent.increment(frame.size());
            if (frame.listen() != null) {
                listens.delivered(frame.listen(), frame.track(), frame.index());
            }
        }
        pump();
    }

    // ---- housekeeping ----

    /** Drops a client that does not drain its socket; moves a play towards verification. */
    private void tick() {
        Listens.Listen current;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (unwrittenSegments > 0
                    && System.nanoTime() - lastWrittenNanos > limits.getStallTimeout().toNanos()) {
                drop("stalled");
                return;
            }
            current = listen;
        }
        if (current != null) {
            listens.verifyIfHeard(current);
        }
    }

    private synchronized void drop(String reason) {
        if (closed) {
            return;
        }
        closed = true;
        listeners.dropped(reason);
        // The client is not reading: a close frame would queue behind what it does not read. Cut the connection.
        Channel c = channel;
        if (c != null) {
            c.close();
        } else {
            ws.close(CloseStatus.POLICY_VIOLATION).subscribe();
        }
        out.tryEmitComplete();
    }

    private void finish() {
        synchronized (this) {
            closed = true;
            generation++;
            leaveTrack();
            queuedBytes = 0;
            queuedFrames = 0;
        }
        if (ticker != null) {
            ticker.dispose();
        }
        listeners.close(this);
        completeOutput();
    }

    /** Under the monitor, like every emit: a sink signalled from two threads at once may drop the signal. */
    private synchronized void completeOutput() {
        out.tryEmitComplete();
    }

    synchronized StreamSessionStats stats() {
        return new StreamSessionStats(userId, track == null ? null : track.trackId(), credit, segmentsSent,
                unwrittenSegments, queuedBytes + unwrittenBytes);
    }
}
