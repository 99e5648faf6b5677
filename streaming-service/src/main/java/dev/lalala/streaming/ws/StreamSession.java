package dev.lalala.streaming.ws;

import dev.lalala.defaults.realtime.ClockSyncProtocol;
import dev.lalala.events.audio.TrackManifest;
import dev.lalala.streaming.StreamingProperties;
import dev.lalala.streaming.audio.Access;
import dev.lalala.streaming.audio.Manifests;
import dev.lalala.streaming.play.Listens;
import dev.lalala.streaming.segment.Segment;
import dev.lalala.streaming.segment.SegmentCache;
import dev.lalala.streaming.ws.SegmentDelivery.Outgoing;
import dev.lalala.streaming.ws.SegmentDelivery.SegmentFrame;
import dev.lalala.streaming.ws.SegmentDelivery.Text;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * One streaming socket: one listener playing one track after another. State is guarded by this object's monitor;
 * client commands are handled one at a time, in order; segment loads complete on other threads. The wire format is
 * {@link StreamProtocol}'s, the flow control {@link CreditWindow}'s, the way out {@link SegmentDelivery}'s; this class
 * holds what is playing and where, and the socket's life.
 *
 * <p>Memory per client is bounded: a segment is emitted only against credit, and only while fewer than
 * {@code max-credit} of this client's segment frames are still unwritten (a frame counts until Netty has written and
 * released it, however much the client keeps granting or replaying); text frames the client does not take are capped
 * at {@code max-queued-frames} (one more drops it); and a client with unwritten frames of which none was written for
 * {@code stall-timeout} is dropped. A segment frame wraps the cached segment's array (no copy per listener).
 */
final class StreamSession implements StreamProtocol.Handler {

    static final String SUBPROTOCOL = StreamProtocol.SUBPROTOCOL;
    static final CloseStatus TOO_MANY_CONNECTIONS = new CloseStatus(4429, "too many connections");

    private final WebSocketSession ws;
    private final UUID userId;
    private final StreamProtocol protocol;
    private final ClockSyncProtocol clock;
    private final Manifests manifests;
    private final SegmentCache segments;
    private final Listens listens;
    private final Listeners listeners;
    private final StreamingProperties.Ws limits;
    private final Channel channel;
    private final CreditWindow window;
    private final SegmentDelivery delivery;
    private Disposable ticker;

    // guarded by this
    private TrackManifest track;
    private Listens.Listen listen;
    private int next;
    private int generation;
    private boolean loading;
    private boolean endSent;
    private long playStartedNanos;
    private boolean firstPending;
    private boolean closed;

    StreamSession(WebSocketSession ws, UUID userId, Channel channel, JsonMapper json, ClockSyncProtocol clock, Manifests manifests,
            SegmentCache segments, Listens listens, Listeners listeners, StreamingProperties.Ws limits) {
        this.ws = ws;
        this.userId = userId;
        this.channel = channel;
        this.protocol = new StreamProtocol(json);
        this.clock = clock;
        this.manifests = manifests;
        this.segments = segments;
        this.listens = listens;
        this.listeners = listeners;
        this.limits = limits;
        this.window = new CreditWindow(limits);
        this.delivery = new SegmentDelivery(this, ws, channel, window, listeners, listens, this::pump);
    }

    UUID userId() {
        return userId;
    }

    Mono<Void> run() {
        if (!listeners.open(this)) {
            listeners.dropped("too-many-connections");
            return ws.send(Flux.just(ws.textMessage(clock.hello()), ws.textMessage(protocol.error("too-many-connections",
                            "At most " + listeners.maxPerUser() + " streaming connections per user.", null))))
                    .then(ws.close(TOO_MANY_CONNECTIONS));
        }
        emit(new Text(clock.hello()));
        Duration tick = limits.getTick();
        ticker = Flux.interval(tick, tick).subscribe(t -> tick());
        // When the client's side ends, so does the way out (after what is queued), and the session with both.
        Mono<Void> input = ws.receive().concatMap(message -> protocol.onMessage(message, this)).then()
                .doFinally(signal -> delivery.complete());
        Mono<Void> output = ws.send(delivery.messages());
        return Mono.when(input, output)
                .doFinally(signal -> finish());
    }

    // ---- client commands ----

    @Override
    public void ping(long t0) {
        emit(new Text(clock.pong(t0)));
    }

    @Override
    public void invalid(String code, String message) {
        emitError(code, message, null);
    }

    @Override
    public synchronized void stop() {
        generation++;
        leaveTrack();
    }

    @Override
    public Mono<Void> play(Command.Play play) {
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
        emit(new Text(protocol.trackHeader(manifest, listen.playId(), play.fromSegment())));
        pump();
    }

    @Override
    public synchronized void credit(int n) {
        if (!window.validGrant(n)) {
            emitError("invalid-credit", "n must be in 1.." + window.maxCredit() + ".", null);
            return;
        }
        window.grant(n);
        pump();
    }

    @Override
    public synchronized void seek(int segment) {
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
                emit(new Text(protocol.end(track.trackId())));
            }
            return;
        }
        if (!window.maySendSegment()) {
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
        next++;
        long firstOfPlay = firstPending ? playStartedNanos : 0;
        firstPending = false;
        SegmentFrame frame = new SegmentFrame(track, listen, index, segment, firstOfPlay);
        window.segmentQueued(frame.size());
        emit(frame);
        pump();
    }

    // ---- the way out ----

    private void emitError(String code, String message, UUID trackId) {
        emit(new Text(protocol.error(code, message, trackId)));
    }

    private synchronized void emit(Outgoing outgoing) {
        if (closed) {
            return;
        }
        if (outgoing instanceof Text && !window.mayQueueText()) {
            drop("not-reading");
            return;
        }
        window.queued(outgoing.size());
        delivery.push(outgoing);
    }

    // ---- housekeeping ----

    /** Drops a client that does not drain its socket; moves a play towards verification. */
    private void tick() {
        Listens.Listen current;
        synchronized (this) {
            if (closed) {
                return;
            }
            if (window.stalled(System.nanoTime())) {
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
        delivery.complete();
    }

    private void finish() {
        synchronized (this) {
            closed = true;
            generation++;
            leaveTrack();
            window.clearQueue();
        }
        if (ticker != null) {
            ticker.dispose();
        }
        listeners.close(this);
        delivery.complete();
    }

    synchronized StreamSessionStats stats() {
        return new StreamSessionStats(userId, track == null ? null : track.trackId(), window.credit(),
                window.segmentsSent(), window.unwrittenSegments(), window.bufferedBytes());
    }
}
