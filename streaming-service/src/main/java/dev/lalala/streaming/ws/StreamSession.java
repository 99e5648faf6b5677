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
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
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
 * <p>Memory per client is bounded: segments are emitted only against credit (at most {@code max-credit} granted and
 * unsent), text frames the client does not take are capped at {@code max-queued-frames} (one more drops it), and a
 * client whose socket holds unsent bytes and drains none of them for {@code stall-timeout} is dropped. A segment frame
 * wraps the cached segment's array (no copy per listener).
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
    private long segmentsSent;
    private boolean closed;
    private long lastPending;
    private long lastProgressNanos = System.nanoTime();

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
                .doFinally(signal -> out.tryEmitComplete());
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
        synchronized (this) {
            generation++;
            leaveTrack();
        }
        return manifests.find(play.trackId())
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .doOnNext(found -> startTrack(play, found.orElse(null), started))
                .onErrorResume(error -> {
                    emitError("internal", "The track could not be read.", play.trackId());
                    return Mono.empty();
                })
                .then();
    }

    private synchronized void startTrack(Command.Play play, TrackManifest manifest, long started) {
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
        if (credit <= 0) {
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
            } else {
                segmentsSent++;
            }
        }
        return switch (outgoing) {
            case Text text -> ws.textMessage(text.json());
            case SegmentFrame frame -> {
                listeners.segmentsSent.increment();
                listeners.bytesSent.increment(frame.size());
                if (frame.playStartedNanos() != 0) {
                    listeners.timeToFirstSegment.record(System.nanoTime() - frame.playStartedNanos(),
                            TimeUnit.NANOSECONDS);
                }
                if (frame.listen() != null) {
                    listens.delivered(frame.listen(), frame.track(), frame.index());
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
        ByteBuf header = Unpooled.buffer(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES)
                .writeLong(frame.track().trackId().getMostSignificantBits())
                .writeLong(frame.track().trackId().getLeastSignificantBits())
                .writeInt(frame.index());
        DataBufferFactory factory = ws.bufferFactory();
        if (factory instanceof NettyDataBufferFactory netty) {
            return netty.wrap(Unpooled.wrappedBuffer(header, Unpooled.wrappedBuffer(frame.segment().bytes())));
        }
        byte[] all = new byte[FRAME_HEADER_BYTES + frame.segment().size()];
        header.readBytes(all, 0, FRAME_HEADER_BYTES);
        System.arraycopy(frame.segment().bytes(), 0, all, FRAME_HEADER_BYTES, frame.segment().size());
        return factory.wrap(all);
    }

    // ---- housekeeping ----

    /** Drops a client that does not drain its socket; moves a play towards verification. */
    private void tick() {
        Listens.Listen current;
        synchronized (this) {
            if (closed) {
                return;
            }
            long pending = socketPendingBytes();
            long now = System.nanoTime();
            if (pending == 0 || pending != lastPending) {
                lastProgressNanos = now;
            }
            lastPending = pending;
            if (now - lastProgressNanos > limits.getStallTimeout().toNanos()) {
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
        out.tryEmitComplete();
    }

    private long socketPendingBytes() {
        Channel c = channel;
        if (c == null) {
            return 0;
        }
        ChannelOutboundBuffer buffer = c.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    synchronized StreamSessionStats stats() {
        return new StreamSessionStats(userId, track == null ? null : track.trackId(), credit, segmentsSent, queuedBytes,
                socketPendingBytes());
    }
}
