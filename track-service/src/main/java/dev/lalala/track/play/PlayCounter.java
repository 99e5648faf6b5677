package dev.lalala.track.play;

import static dev.lalala.defaults.jdbc.Db.utc;

import dev.lalala.defaults.subscription.ProcessedEventStore;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.Topics;
import dev.lalala.events.play.PlayVerified;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Counts verified plays from {@code play.events}. Exact under redelivery twice over: the event id is applied once
 * ({@link ProcessedEventStore}), and the listen's {@code playId} is counted once ({@code counted_play}), so even the
 * same listen re-sent under a new event id counts once. Plays of songs that no longer exist are dropped.
 */
@Component
class PlayCounter {

    static final String CONSUMER = "track-service.play-counter";

    private final ProcessedEventStore processed;
    private final JdbcClient jdbc;
    private final Clock clock;

    PlayCounter(ProcessedEventStore processed, JdbcClient jdbc, Clock clock) {
        this.processed = processed;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    @KafkaListener(topics = Topics.PLAY_EVENTS, groupId = "track-service.plays")
    void on(String json) {
        EventJson.readIfKnown(json).ifPresent(event -> {
            if (event.payload() instanceof PlayVerified play) {
                processed.applyOnce(CONSUMER, event.id(), () -> count(event, play));
            }
        });
    }

    void count(EventEnvelope<?> event, PlayVerified play) {
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
