package dev.lalala.track.play;

import static dev.lalala.defaults.jdbc.Db.utc;

import dev.lalala.events.EventEnvelope;
import dev.lalala.events.play.PlayVerified;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Counts verified plays from {@code play.events}. Exact under redelivery twice over: the subscription applies an
 * event id once, and the listen's {@code playId} is counted once ({@code counted_play}), so even the same listen
 * re-sent under a new event id counts once. Plays of songs that no longer exist are dropped.
 */
@Component
public class PlayCounter {

    /** The subscription's name: what processed_event remembers applied ids under. */
    public static final String HANDLER = "track-service.play-counter";

    private final JdbcClient jdbc;
    private final Clock clock;

    PlayCounter(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void count(EventEnvelope<PlayVerified> event) {
        PlayVerified play = event.payload();
        // INSERT IGNORE: 0 rows for a listen already counted, and for a song that is gone (foreign key).
        int counted = jdbc.sql("INSERT IGNORE INTO counted_play (play_id, track_id, counted_at) VALUES (?, ?, ?)")
                .params(play.playId().toString(), play.trackId().toString(), utc(clock.instant()))
                .update();
        if (counted == 0) {
            return;
        }
        jdbc.sql("UPDATE track SET play_count = play_count + 1 WHERE id = ?").param(play.trackId().toString())
                .update();
        var at = play.verifiedAt() != null ? play.verifiedAt() : event.occurredAt();
        jdbc.sql("""
                        INSERT INTO track_play_hourly (track_id, hour_start, plays) VALUES (?, ?, 1)
                        ON DUPLICATE KEY UPDATE plays = plays + 1""")
                .params(play.trackId().toString(), utc(at.truncatedTo(ChronoUnit.HOURS)))
                .update();
    }
}
