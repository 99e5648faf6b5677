package dev.lalala.defaults.testapp.outbox;

import dev.lalala.defaults.outbox.Outbox;
import dev.lalala.defaults.outbox.JdbcProcessedEventStore;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackEvents;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A service with a database and Kafka, as track-service is: a change and its event in one transaction. */
@SpringBootApplication
public class OutboxTestApp {

    public static final String LISTENED_TOPIC = "defaults-it.events";

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

    /** A consumer that fails a few times before it succeeds, and counts what it really applied. */
    @Component
    public static class FlakyConsumer {

        public final AtomicInteger failuresLeft = new AtomicInteger();
        public final List<UUID> applied = new CopyOnWriteArrayList<>();
        public final AtomicInteger attempts = new AtomicInteger();
        private final JdbcProcessedEventStore processed;

        FlakyConsumer(JdbcProcessedEventStore processed) {
            this.processed = processed;
        }

        @KafkaListener(topics = LISTENED_TOPIC, groupId = "defaults-it")
        void on(String json) {
            EventEnvelope<?> event = EventJson.read(json);
            processed.applyOnce("flaky-consumer", event.id(), () -> {
                attempts.incrementAndGet();
                if (failuresLeft.getAndDecrement() > 0) {
                    throw new IllegalStateException("the handler's dependency is down");
                }
                applied.add(event.id());
            });
        }
    }
}
