package dev.lalala.defaults.testapp.subscriptions;

import dev.lalala.defaults.subscription.Subscriptions;
import dev.lalala.events.track.TrackUpdated;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A service with Kafka and no database, as streaming-service is: every instance forgets what it cached. */
@SpringBootApplication
public class CacheTestApp {

    public final List<UUID> evicted = new CopyOnWriteArrayList<>();

    @Bean
    Subscriptions cacheSubscriptions() {
        return Subscriptions.everyInstance().onIdempotent(TrackUpdated.class, updated -> evicted.add(updated.trackId()));
    }
}
