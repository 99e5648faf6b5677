package dev.lalala.streaming.audio;

import dev.lalala.defaults.subscription.Subscriptions;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.events.track.TrackUpdated;
import dev.lalala.streaming.segment.SegmentCache;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Forgets a track's cached manifest when it was published (a "not playable yet" may be cached) or its owner changed
 * it (visibility), and its cached segments too when it was deleted; sockets playing it look at it again. Every
 * instance must hear every event ({@link Subscriptions#everyInstance()}), from the newest on: what happened before
 * it started is not in its cache anyway. Evicting is idempotent by itself, so no processed-event store is needed.
 */
@Configuration(proxyBeanMethods = false)
public class TrackCacheSubscriptions {

    @Bean
    Subscriptions streamingCacheSubscriptions(Manifests manifests, SegmentCache segments) {
        return Subscriptions.everyInstance()
                .onIdempotent(TrackUpdated.class, updated -> manifests.evict(updated.trackId()))
                .onIdempotent(TrackPublished.class, published -> manifests.evict(published.trackId()))
                .onIdempotent(TrackDeleted.class, deleted -> {
                    manifests.evict(deleted.trackId());
                    segments.evictTrack(deleted.trackId());
                });
    }
}
