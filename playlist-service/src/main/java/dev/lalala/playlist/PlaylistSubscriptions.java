package dev.lalala.playlist;

import dev.lalala.defaults.subscription.Subscriptions;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.events.track.TrackUpdated;
import dev.lalala.events.user.ProfileUpdated;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.events.user.UserRegistered;
import dev.lalala.playlist.account.AccountRemoval;
import dev.lalala.playlist.track.TrackSummaries;
import dev.lalala.playlist.user.UserSummaries;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The events playlist-service reacts to: songs and accounts for the read models that playlists are shown from
 * (titles, durations, covers, availability; artists' names), and deleted accounts. Consuming, idempotence (in the
 * handler's transaction), retries and dead letters: service-defaults.
 */
@Configuration(proxyBeanMethods = false)
class PlaylistSubscriptions {

    @Bean
    Subscriptions playlistServiceSubscriptions(TrackSummaries tracks, UserSummaries users, AccountRemoval accounts) {
        return Subscriptions.create()
                .on(TrackPublished.class, tracks::published)
                .on(TrackUpdated.class, tracks::updated)
                .on(TrackDeleted.class, tracks::deleted)
                .on(UserRegistered.class, users::registered)
                .on(ProfileUpdated.class, users::profileUpdated)
                .on(UserDeleted.class, accounts::userDeleted);
    }
}
