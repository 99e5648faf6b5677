package dev.lalala.defaults.testapp.subscriptions;

import dev.lalala.defaults.subscription.Subscriptions;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.track.TrackDeleted;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** A service that declares one subscription, with a handler that writes to the database (as real ones do). */
@SpringBootApplication
public class SubscriptionTestApp {

    public static final String HANDLER = "it.track-deleted";

    @Bean
    Subscriptions testSubscriptions(DeletedTracks tracks) {
        return Subscriptions.create().onEnvelope(TrackDeleted.class, HANDLER, tracks::deleted);
    }

    /**
     * Records each event it applies in {@code subscription_effect}, for the tracks a test watches (other tests of
     * the JVM publish TrackDeleted too). Fails a given number of times per track first, or always for poison.
     */
    @Component
    public static class DeletedTracks {

        public final Set<UUID> watched = ConcurrentHashMap.newKeySet();
        public final Set<UUID> poison = ConcurrentHashMap.newKeySet();
        public final Map<UUID, AtomicInteger> failuresLeft = new ConcurrentHashMap<>();
        public final Map<UUID, AtomicInteger> attempts = new ConcurrentHashMap<>();
        private final JdbcTemplate jdbc;

        DeletedTracks(JdbcTemplate jdbc) {
            this.jdbc = jdbc;
        }

        void deleted(EventEnvelope<TrackDeleted> event) {
            UUID track = event.payload().trackId();
            if (!watched.contains(track)) {
                return;
            }
            attempts.computeIfAbsent(track, t -> new AtomicInteger()).incrementAndGet();
            // Written first: a failure after it must take it back (one transaction with the event id).
            jdbc.update("INSERT INTO subscription_effect (event_id, track_id) VALUES (?, ?)",
                    event.id().toString(), track.toString());
            if (poison.contains(track)) {
                throw new IllegalStateException("cannot delete " + track);
            }
            AtomicInteger left = failuresLeft.get(track);
            if (left != null && left.getAndDecrement() > 0) {
                throw new IllegalStateException("the handler's dependency is down");
            }
        }
    }
}
