package dev.lalala.chat.track;

import dev.lalala.defaults.jdbc.Db;
import dev.lalala.events.Visibility;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.events.track.TrackUpdated;
import dev.lalala.events.track.TrackUploaded;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The songs rooms may play ({@code room_track}), fed by track.events (TrackSubscriptions): whether a song exists, is
 * READY, who owns it, who may see it and how long it is. {@code play} and {@code queue.add} check it and auto-advance
 * reads the length from it, so the socket path never waits on track-service. The handlers are plain methods, run
 * by the subscription in the transaction that records the event id.
 */
@Component
public class RoomTracks {

    /** A song as rooms know it. */
    public record RoomTrack(UUID id, UUID ownerId, Visibility visibility, Long durationMs, boolean ready,
            boolean deleted) {

        /** What a room hosted by {@code host} may play: a public song, or the host's own (any visibility). */
        public boolean visibleTo(UUID host) {
            return !deleted && (visibility == Visibility.PUBLIC || ownerId.equals(host));
        }
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    public RoomTracks(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public Optional<RoomTrack> find(UUID id) {
        return jdbc.sql("""
                SELECT track_id, owner_id, visibility, duration_ms, ready, deleted FROM room_track WHERE track_id = ?""")
                .param(id.toString())
                .query((rs, n) -> new RoomTrack(UUID.fromString(rs.getString("track_id")),
                        UUID.fromString(rs.getString("owner_id")), Visibility.valueOf(rs.getString("visibility")),
                        rs.getObject("duration_ms") == null ? null : rs.getLong("duration_ms"), rs.getBoolean("ready"),
                        rs.getBoolean("deleted")))
                .optional();
    }

    /** The song was uploaded and is being processed: known, not playable yet. */
    public void uploaded(TrackUploaded event) {
        jdbc.sql("""
                INSERT INTO room_track (track_id, owner_id, visibility, ready, updated_at)
                VALUES (?, ?, ?, FALSE, ?)
                ON DUPLICATE KEY UPDATE track_id = track_id""")
                .params(event.trackId().toString(), event.ownerId().toString(), event.visibility().name(), now())
                .update();
    }

    /** Processed: playable (unless deleted meanwhile), with its length. */
    public void published(TrackPublished event) {
        jdbc.sql("""
                INSERT INTO room_track (track_id, owner_id, visibility, duration_ms, ready, updated_at)
                VALUES (?, ?, ?, ?, TRUE, ?)
                ON DUPLICATE KEY UPDATE owner_id = VALUES(owner_id), visibility = VALUES(visibility),
                    duration_ms = VALUES(duration_ms), ready = NOT deleted, updated_at = VALUES(updated_at)""")
                .params(event.trackId().toString(), event.ownerId().toString(), event.visibility().name(),
                        event.durationMs(), now())
                .update();
    }

    /** The owner changed it: only its visibility matters here (made private, other hosts may no longer play it). */
    public void updated(TrackUpdated event) {
        jdbc.sql("""
                INSERT INTO room_track (track_id, owner_id, visibility, ready, updated_at)
                VALUES (?, ?, ?, FALSE, ?)
                ON DUPLICATE KEY UPDATE visibility = VALUES(visibility), updated_at = VALUES(updated_at)""")
                .params(event.trackId().toString(), event.ownerId().toString(), event.visibility().name(), now())
                .update();
    }

    public void deleted(TrackDeleted event) {
        jdbc.sql("""
                INSERT INTO room_track (track_id, owner_id, visibility, ready, deleted, updated_at)
                VALUES (?, ?, 'PRIVATE', FALSE, TRUE, ?)
                ON DUPLICATE KEY UPDATE ready = FALSE, deleted = TRUE, updated_at = VALUES(updated_at)""")
                .params(event.trackId().toString(), event.ownerId().toString(), now())
                .update();
    }

    private java.time.LocalDateTime now() {
        return Db.utc(Db.now(clock));
    }
}
