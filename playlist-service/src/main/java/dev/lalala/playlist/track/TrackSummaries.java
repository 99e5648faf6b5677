package dev.lalala.playlist.track;

import dev.lalala.defaults.jdbc.Db;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.events.track.TrackUpdated;
import java.time.Clock;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The read model of songs ({@code track_summary}), fed by track.events. Playlists are shown from it, never by
 * calling track-service. The handlers are plain methods: the subscription runs each in the transaction that
 * records the event id, so a redelivered event is skipped.
 */
@Component
public class TrackSummaries {

    private final JdbcClient jdbc;
    private final Clock clock;

    public TrackSummaries(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** The song is playable: it becomes available with everything a playlist shows of it (unless deleted). */
    public void published(TrackPublished event) {
        jdbc.sql("""
                INSERT INTO track_summary (track_id, title, owner_id, duration_ms, cover_url, visibility, available,
                                           updated_at)
                VALUES (:id, :title, :owner, :duration, :cover, :visibility, TRUE, :now)
                ON DUPLICATE KEY UPDATE title = VALUES(title), owner_id = VALUES(owner_id),
                    duration_ms = VALUES(duration_ms), cover_url = VALUES(cover_url),
                    visibility = VALUES(visibility), available = NOT deleted, updated_at = VALUES(updated_at)""")
                .param("id", event.trackId().toString())
                .param("title", clip(event.title()))
                .param("owner", event.ownerId().toString())
                .param("duration", event.durationMs())
                .param("cover", event.coverUrl())
                .param("visibility", event.visibility().name())
                .param("now", Db.utc(Db.now(clock)))
                .update();
    }

    /**
     * The owner changed the song: title, cover, visibility (made private, the song shows unavailable to everyone
     * else). A song not published yet is remembered as unavailable until TrackPublished.
     */
    public void updated(TrackUpdated event) {
        jdbc.sql("""
                INSERT INTO track_summary (track_id, title, owner_id, duration_ms, cover_url, visibility, available,
                                           updated_at)
                VALUES (:id, :title, :owner, NULL, :cover, :visibility, FALSE, :now)
                ON DUPLICATE KEY UPDATE title = VALUES(title), cover_url = VALUES(cover_url),
                    visibility = VALUES(visibility), updated_at = VALUES(updated_at)""")
                .param("id", event.trackId().toString())
                .param("title", clip(event.title()))
                .param("owner", event.ownerId().toString())
                .param("cover", event.coverUrl())
                .param("visibility", event.visibility().name())
                .param("now", Db.utc(Db.now(clock)))
                .update();
    }

    /** The song is gone: its places in playlists stay, shown unavailable, so every list keeps its shape. */
    public void deleted(TrackDeleted event) {
        jdbc.sql("""
                INSERT INTO track_summary (track_id, title, owner_id, duration_ms, cover_url, visibility, available,
                                           deleted, updated_at)
                VALUES (:id, '', :owner, NULL, NULL, 'PRIVATE', FALSE, TRUE, :now)
                ON DUPLICATE KEY UPDATE available = FALSE, deleted = TRUE, cover_url = NULL,
                    updated_at = VALUES(updated_at)""")
                .param("id", event.trackId().toString())
                .param("owner", event.ownerId().toString())
                .param("now", Db.utc(Db.now(clock)))
                .update();
    }

    /**
     * What track-service answered when the song was added, kept only if no event told us about the song yet
     * (events are newer or as new; this only fills the gap until TrackPublished arrives).
     */
    public void rememberIfUnknown(TrackCard card) {
        jdbc.sql("""
                INSERT IGNORE INTO track_summary (track_id, title, owner_id, duration_ms, cover_url, visibility,
                                                  available, updated_at)
                VALUES (:id, :title, :owner, :duration, :cover, :visibility, TRUE, :now)""")
                .param("id", card.id().toString())
                .param("title", clip(card.title()))
                .param("owner", card.ownerId().toString())
                .param("duration", card.durationMs())
                .param("cover", card.coverUrl())
                .param("visibility", card.visibility().name())
                .param("now", Db.utc(Db.now(clock)))
                .update();
    }

    private static String clip(String title) {
        if (title == null) {
            return "";
        }
        return title.length() <= 200 ? title : title.substring(0, 200);
    }
}
