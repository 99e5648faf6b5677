package dev.lalala.defaults.testapp.outbox;

import dev.lalala.defaults.outbox.Outbox;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackEvents;
import java.util.UUID;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A service with a database and Kafka, as track-service is: a change and its event in one transaction. */
@SpringBootApplication
public class OutboxTestApp {

    @Service
    public static class Tracks {

        private final JdbcTemplate jdbc;
        private final Outbox outbox;

        Tracks(JdbcTemplate jdbc, Outbox outbox) {
            this.jdbc = jdbc;
            this.outbox = outbox;
        }

        @Transactional
        public EventEnvelope<TrackDeleted> delete(UUID trackId, UUID ownerId, boolean failAfterPublishing) {
            jdbc.update("INSERT INTO deleted_track (id) VALUES (?)", trackId.toString());
            EventEnvelope<TrackDeleted> event =
                    outbox.publish(TrackEvents.TRACK_DELETED, new TrackDeleted(trackId, ownerId));
            if (failAfterPublishing) {
                throw new IllegalStateException("the change failed after the event was written");
            }
            return event;
        }
    }
}
