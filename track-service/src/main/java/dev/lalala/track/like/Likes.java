package dev.lalala.track.like;

import static dev.lalala.defaults.jdbc.Db.instant;
import static dev.lalala.defaults.jdbc.Db.utc;

import dev.lalala.defaults.outbox.Outbox;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.events.track.TrackLiked;
import dev.lalala.events.track.TrackUnliked;
import dev.lalala.track.track.Track;
import dev.lalala.track.track.TrackAccess;
import dev.lalala.track.track.TrackRepository;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.IntStream;
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

    /** @return the like count after the change */
    @Transactional
    public long like(UUID userId, UUID trackId) {
        TrackAccess track = track(userId, trackId);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int inserted = jdbc.sql("INSERT IGNORE INTO track_like (track_id, user_id, liked_at) VALUES (?, ?, ?)")
                .params(trackId.toString(), userId.toString(), utc(now)).update();
        if (inserted == 1) {
            jdbc.sql("UPDATE track SET like_count = like_count + 1 WHERE id = ?").param(trackId.toString()).update();
            outbox.publish(TrackEvents.TRACK_LIKED, new TrackLiked(trackId, userId, now));
            return likeCount(trackId);
        }
        return track.likeCount();
    }

    /** @return the like count after the change */
    @Transactional
    public long unlike(UUID userId, UUID trackId) {
        TrackAccess track = track(userId, trackId);
        return removeLike(userId, trackId) ? likeCount(trackId) : track.likeCount();
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
        // One query for the page (the songs without their waveform), one for the tags of all of them.
        List<Liked> page = jdbc.sql("SELECT " + TrackRepository.COLUMNS + """
                        , l.liked_at FROM track_like l JOIN track t ON t.id = l.track_id
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
                .query((rs, n) -> new Liked(TrackRepository.map(rs), instant(rs, "liked_at")))
                .list();
        List<Track> tagged = tracks.withTags(page.stream().map(Liked::track).toList());
        return IntStream.range(0, page.size()).mapToObj(i -> new Liked(tagged.get(i), page.get(i).likedAt())).toList();
    }

    /** The song if the user may see it, else 404. */
    public TrackAccess track(UUID userId, UUID trackId) {
        return tracks.findAccess(trackId).filter(t -> t.visibleTo(Optional.of(userId)))
                .orElseThrow(() -> ApiException.notFound("Track", trackId));
    }

    private long likeCount(UUID trackId) {
        return tracks.findAccess(trackId).map(TrackAccess::likeCount).orElse(0L);
    }
}
