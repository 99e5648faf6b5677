package dev.lalala.chat.room;

import dev.lalala.chat.ChatProperties;
import dev.lalala.events.room.Reaction;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Reactions to songs, per second of the song and kind: counted in memory as they come (only those this instance
 * received from its own sockets, so none counts twice) and added to {@code track_reaction} about once a second in
 * one batch, so a storm of claps costs one upsert per (song, second, kind) and not one per clap. A crash loses at
 * most the last interval's counts.
 */
@Component
public class TrackReactions implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TrackReactions.class);

    record Key(UUID track, int second, Reaction kind) {
    }

    public record Bucket(int second, String kind, long count) {
    }

    private final JdbcTemplate jdbc;
    private final ChatProperties properties;
    private final Map<Key, LongAdder> pending = new ConcurrentHashMap<>();
    private volatile Disposable flusher;

    public TrackReactions(JdbcTemplate jdbc, ChatProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    public void count(UUID track, long positionMs, Reaction kind) {
        if (track == null) {
            return;
        }
        pending.computeIfAbsent(new Key(track, (int) (positionMs / 1000), kind), k -> new LongAdder()).increment();
    }

    /** Adds what was counted since the last flush. */
    public synchronized int flush() {
        List<Object[]> rows = new ArrayList<>();
        for (Key key : List.copyOf(pending.keySet())) {
            LongAdder adder = pending.remove(key);
            long n = adder == null ? 0 : adder.sumThenReset();
            if (n > 0) {
                rows.add(new Object[] {key.track().toString(), key.second(), wire(key.kind()), n});
            }
        }
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("""
                    INSERT INTO track_reaction (track_id, second, kind, count) VALUES (?, ?, ?, ?)
                    ON DUPLICATE KEY UPDATE count = count + VALUES(count)""", rows);
        }
        return rows.size();
    }

    /** A song's reactions, by second of the song then kind. */
    public List<Bucket> of(UUID track) {
        return jdbc.query("SELECT second, kind, count FROM track_reaction WHERE track_id = ? ORDER BY second, kind",
                (rs, n) -> new Bucket(rs.getInt("second"), rs.getString("kind"), rs.getLong("count")),
                track.toString());
    }

    /** The protocol's name of a reaction kind: clap, mirrorball, heart, fire. */
    public static String wire(Reaction kind) {
        return kind.name().replace("_", "").toLowerCase(java.util.Locale.ROOT);
    }

    public static Reaction parse(String wire) {
        for (Reaction r : Reaction.values()) {
            if (wire(r).equals(wire)) {
                return r;
            }
        }
        return null;
    }

    @Override
    public void start() {
        flusher = Flux.interval(properties.getReactionFlushInterval(), Schedulers.boundedElastic())
                .onBackpressureDrop()
                .concatMap(tick -> reactor.core.publisher.Mono.fromRunnable(this::safeFlush)
                        .subscribeOn(Schedulers.boundedElastic()))
                .subscribe();
    }

    private void safeFlush() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("Could not store reaction counts: {}", e.toString());
        }
    }

    @Override
    public void stop() {
        if (flusher != null) {
            flusher.dispose();
        }
        safeFlush();
    }

    @Override
    public boolean isRunning() {
        return flusher != null && !flusher.isDisposed();
    }
}
