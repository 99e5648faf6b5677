package dev.lalala.track.like;

import static dev.lalala.track.Db.instant;
import static dev.lalala.track.Db.utc;

import dev.lalala.defaults.outbox.Outbox;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.events.track.TrackLiked;
import dev.lalala.events.track.TrackUnliked;
import dev.lalala.track.track.Track;
import dev.lalala.track.track.TrackRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Likes, idempotent: liking twice is one like, unliking what was not liked changes nothing, and only a real
 * change moves {@code track.like_count} and produces an event.
 */
@Service
public class Likes {

    /** One liked song, with when it was liked (the cursor of the list). */
    public record Liked(Track track, Instant likedAt) {
    }

    private final JdbcClient jdbc;
    private final TrackRepository tracks;
    private final Outbox outbox;
    private final Clock clock;

    Likes(JdbcClient jdbc, TrackRepository tracks, Outbox outbox, Clock clock) {
        this.jdbc = jdbc;
        this.tracks = tracks;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public Track like(UUID userId, UUID trackId) {
        Track track = track(userId, trackId);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int inserted = jdbc.sql("INSERT IGNORE INTO track_like (track_id, user_id, liked_at) VALUES (?, ?, ?)")
                .params(trackId.toString(), userId.toString(), utc(now)).update();
        if (inserted == 1) {
            jdbc.sql("UPDATE track SET like_count = like_count + 1 WHERE id = ?").param(trackId.toString()).update();
            outbox.publish(TrackEvents.TRACK_LIKED, new TrackLiked(trackId, userId, now));
        }
        return tracks.findById(track.id()).orElseThrow();
    }

    @Transactional
    public Track unlike(UUID userId, UUID trackId) {
        Track track = track(userId, trackId);
        if (removeLike(userId, trackId)) {
            return tracks.findById(track.id()).orElseThrow();
        }
        return track;
    }

    /** Removes one like; true when there was one. Used by unlike and when a user's account is deleted. */
    public boolean removeLike(UUID userId, UUID trackId) {
        int deleted = jdbc.sql("DELETE FROM track_like WHERE track_id = ? AND user_id = ?")
                .params(trackId.toString(), userId.toString()).update();
        if (deleted == 1) {
            jdbc.sql("UPDATE track SET like_count = like_count - 1 WHERE id = ? AND like_count > 0")
                    .param(trackId.toString()).update();
            outbox.publish(TrackEvents.TRACK_UNLIKED, new TrackUnliked(trackId, userId));
        }
        return deleted == 1;
    }

    public boolean likes(UUID userId, UUID trackId) {
        return jdbc.sql("SELECT COUNT(*) FROM track_like WHERE track_id = ? AND user_id = ?")
                .params(trackId.toString(), userId.toString()).query(Integer.class).single() > 0;
    }

    public List<UUID> likedTrackIds(UUID userId) {
        return jdbc.sql("SELECT track_id FROM track_like WHERE user_id = ?").param(userId.toString())
                .query((rs, n) -> UUID.fromString(rs.getString("track_id"))).list();
    }

    /**
     * What a user liked, newest like first, after ({@code afterLikedAt}, {@code afterTrackId}); songs that are not
     * (or no longer) visible to them are left out.
     */
    public List<Liked> liked(UUID userId, Instant afterLikedAt, UUID afterTrackId, int limit) {
        List<Object[]> rows = jdbc.sql("""
                        SELECT l.track_id, l.liked_at FROM track_like l JOIN track t ON t.id = l.track_id
                         WHERE l.user_id = :user
                           AND (t.owner_id = :user OR (t.status = 'READY' AND t.visibility <> 'PRIVATE'))
                        """ + (afterLikedAt == null ? "" : """
                           AND (l.liked_at < :likedAt OR (l.liked_at = :likedAt AND l.track_id < :trackId))
                        """) + """
                         ORDER BY l.liked_at DESC, l.track_id DESC LIMIT :limit""")
                .param("user", userId.toString())
                .param("likedAt", utc(afterLikedAt))
                .param("trackId", afterTrackId == null ? "" : afterTrackId.toString())
                .param("limit", limit)
                .query((rs, n) -> new Object[] {UUID.fromString(rs.getString("track_id")), instant(rs, "liked_at")})
                .list();
        return rows.stream()
                .map(r -> tracks.findById((UUID) r[0])
                        .map(t -> new Liked(t.withWaveform(List.of()), (Instant) r[1])))
                .flatMap(Optional::stream)
                .toList();
    }

    /** The song if the user may see it, else 404. */
    public Track track(UUID userId, UUID trackId) {
        return tracks.findById(trackId).filter(t -> t.visibleTo(Optional.of(userId)))
                .orElseThrow(() -> ApiException.notFound("Track", trackId));
    }
}
