package dev.lalala.chat.track;

import dev.lalala.defaults.subscription.Subscriptions;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.events.track.TrackUpdated;
import dev.lalala.events.track.TrackUploaded;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * track.events into the rooms' read model of songs, shared out over chat-service's instances (one consumer group,
 * from the earliest event the first time, so a new installation learns every song there is). Idempotence, retries
 * and dead letters: service-defaults.
 */
@Configuration(proxyBeanMethods = false)
class TrackSubscriptions {

    @Bean
    Subscriptions roomTrackSubscriptions(RoomTracks tracks) {
        return Subscriptions.create()
                .on(TrackUploaded.class, tracks::uploaded)
                .on(TrackPublished.class, tracks::published)
                .on(TrackUpdated.class, tracks::updated)
                .on(TrackDeleted.class, tracks::deleted);
    }
}
