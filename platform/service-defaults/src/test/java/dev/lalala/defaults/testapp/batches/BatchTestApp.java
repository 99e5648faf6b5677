package dev.lalala.defaults.testapp.batches;

import dev.lalala.defaults.subscription.Subscriptions;
import dev.lalala.events.track.TrackUpdated;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;

/** A service whose handler takes events in runs, as search-service's does; a title "poison" always fails. */
@SpringBootApplication
public class BatchTestApp {

    public final List<UUID> applied = new CopyOnWriteArrayList<>();
    public final List<Integer> runSizes = new CopyOnWriteArrayList<>();

    @Bean
    Subscriptions batchSubscriptions() {
        return Subscriptions.create().onBatch("batch-it", List.of(TrackUpdated.class), events -> {
            runSizes.add(events.size());
            for (var event : events) {
                TrackUpdated updated = (TrackUpdated) event.payload();
                if (updated.title().equals("poison")) {
                    throw new IllegalStateException("cannot take " + updated.trackId());
                }
            }
            events.forEach(e -> applied.add(((TrackUpdated) e.payload()).trackId()));
        });
    }
}
