package dev.lalala.streaming.play;

import dev.lalala.events.audio.TrackManifest;
import dev.lalala.events.play.PlayEvents;
import dev.lalala.events.play.PlayVerified;
import dev.lalala.streaming.StreamingProperties;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.BitSet;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * Listens in progress, in memory, and the rule that turns one into a verified play (published once):
 * <ul>
 * <li>a listen is one listener and one track; it has a {@code playId} that names it in {@link PlayVerified};</li>
 * <li>it counts the <em>distinct</em> audio delivered (a segment sent twice, after a seek back or a reconnect,
 * counts once) and needs {@value PlayEvents#VERIFIED_PLAY_MS} ms of it;</li>
 * <li>and as much wall-clock time since it started, while still being played: nobody hears 30 s in less than 30 s,
 * so a client that buffers 40 s ahead and skips after 5 s (stop, another track, or gone) does not count;</li>
 * <li>a reconnect, a second socket or a new {@code play} of the same track within the resume window (after the
 * listen's last activity) continues the same listen, so it cannot count twice; once every segment was delivered the
 * listen is over, and playing the track again is a new listen.</li>
 * </ul>
 * Kept per instance: with several instances behind the gateway, a reconnect landing on another instance starts a new
 * listen there (documented in README.md); track-service still counts each {@code playId} once.
 */
@Component
public class Listens {

    record Key(UUID listenerId, UUID trackId) {
    }

    /** One listen; guarded by its own monitor. */
    public static final class Listen {

        private final Key key;
        private final UUID playId = UUID.randomUUID();
        private final Instant startedAt;
        private final BitSet delivered = new BitSet();
        private long deliveredMs;
        private int playing;
        private boolean allDelivered;
        private boolean verified;
        private Instant lastActivity;

        Listen(Key key, Instant now) {
            this.key = key;
            this.startedAt = now;
            this.lastActivity = now;
        }

        public UUID playId() {
            return playId;
        }

        public synchronized long deliveredMs() {
            return deliveredMs;
        }

        public synchronized boolean verified() {
            return verified;
        }
    }

    private final Map<Key, Listen> listens = new ConcurrentHashMap<>();
    private final PlayPublisher publisher;
    private final Clock clock;
    private final Duration resumeWindow;
    private final Disposable sweeper;

    public Listens(PlayPublisher publisher, Clock clock, StreamingProperties properties) {
        this.publisher = publisher;
        this.clock = clock;
        this.resumeWindow = properties.getPlay().getResumeWindow();
        this.sweeper = Flux.interval(Duration.ofSeconds(30)).subscribe(tick -> sweep());
    }

    /** A connection starts playing the track: the listen it continues, or a new one. */
    public Listen begin(UUID listenerId, UUID trackId) {
        Instant now = clock.instant();
        Key key = new Key(listenerId, trackId);
        return listens.compute(key, (k, existing) -> {
            Listen listen = existing != null && resumable(existing, now) ? existing : new Listen(k, now);
            synchronized (listen) {
                listen.playing++;
                listen.lastActivity = now;
            }
            return listen;
        });
    }

    /** The connection stopped playing it (stop, another track, seek is NOT this, or the socket closed). */
    public void leave(Listen listen) {
        synchronized (listen) {
            listen.playing = Math.max(0, listen.playing - 1);
            listen.lastActivity = clock.instant();
        }
    }

    /** A segment went out to the listener. */
    public void delivered(Listen listen, TrackManifest manifest, int index) {
        synchronized (listen) {
            if (!listen.delivered.get(index)) {
                listen.delivered.set(index);
                listen.deliveredMs += manifest.samplesIn(index) * 1000L / manifest.sampleRate();
            }
            if (listen.delivered.cardinality() == manifest.segmentCount()) {
                listen.allDelivered = true;
            }
            listen.lastActivity = clock.instant();
        }
        verifyIfHeard(listen);
    }

    /** Publishes the play once it counts; called on every delivery and on every tick of a playing connection. */
    public void verifyIfHeard(Listen listen) {
        PlayVerified play;
        synchronized (listen) {
            Instant now = clock.instant();
            if (listen.verified || listen.playing == 0 || listen.deliveredMs < PlayEvents.VERIFIED_PLAY_MS
                    || Duration.between(listen.startedAt, now).toMillis() < PlayEvents.VERIFIED_PLAY_MS) {
                return;
            }
            listen.verified = true;
            play = new PlayVerified(listen.playId, listen.key.trackId(), listen.key.listenerId(), listen.deliveredMs,
                    listen.startedAt, now);
        }
        publisher.publish(play);
    }

    /** Listens kept in memory now (live and resumable). */
    public int size() {
        return listens.size();
    }

    private boolean resumable(Listen listen, Instant now) {
        synchronized (listen) {
            if (listen.allDelivered && listen.playing == 0) {
                return false;
            }
            return listen.playing > 0 || !listen.lastActivity.plus(resumeWindow).isBefore(now);
        }
    }

    void sweep() {
        Instant now = clock.instant();
        listens.values().removeIf(listen -> {
            synchronized (listen) {
                return listen.playing == 0 && listen.lastActivity.plus(resumeWindow).isBefore(now);
            }
        });
    }

    @PreDestroy
    void stop() {
        sweeper.dispose();
    }
}
