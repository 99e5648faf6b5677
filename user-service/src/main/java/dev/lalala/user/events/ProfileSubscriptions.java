package dev.lalala.user.events;

import dev.lalala.defaults.subscription.Subscriptions;
import dev.lalala.events.track.TrackUploaded;
import dev.lalala.events.user.EmailVerified;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.events.user.UserRegistered;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What user-service reacts to: accounts from {@code user.events}, first uploads from {@code track.events}. Each
 * handler runs once per event id, in the transaction that records it; other types (its own ProfileUpdated, for
 * one) are skipped. The names are what processed_event remembers applied ids under: keep them.
 */
@Configuration(proxyBeanMethods = false)
class ProfileSubscriptions {

    @Bean
    Subscriptions userServiceSubscriptions(ProfileLifecycle lifecycle) {
        return Subscriptions.create()
                .on(UserRegistered.class, "profile.user-registered", lifecycle::registered)
                .on(EmailVerified.class, "profile.email-verified", lifecycle::emailVerified)
                .on(UserDeleted.class, "profile.user-deleted", lifecycle::deleted)
                .on(TrackUploaded.class, "profile.track-uploaded", lifecycle::uploaded);
    }
}
