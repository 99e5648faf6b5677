package dev.lalala.playlist;

import dev.lalala.defaults.subscription.Subscriptions;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.events.track.TrackUpdated;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.playlist.account.AccountRemoval;
import dev.lalala.playlist.track.TrackSummaries;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The events playlist-service reacts to: songs for the read model that playlists are shown from, and deleted
 * accounts. Consuming, idempotence (in the handler's transaction), retries and dead letters: service-defaults.
 */
@Configuration(proxyBeanMethods = false)
class PlaylistSubscriptions {

    @Bean
    Subscriptions playlistServiceSubscriptions(TrackSummaries tracks, AccountRemoval accounts) {
        return Subscriptions.create()
                .on(TrackPublished.class, tracks::published)
                .on(TrackUpdated.class, tracks::updated)
                .on(TrackDeleted.class, tracks::deleted)
                .on(UserDeleted.class, accounts::userDeleted);
    }
}
