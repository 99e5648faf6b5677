package dev.lalala.track;

import dev.lalala.defaults.subscription.Subscriptions;
import dev.lalala.events.play.PlayVerified;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.track.account.UserDeletedHandler;
import dev.lalala.track.play.PlayCounter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The events track-service reacts to; consuming, idempotence, retries and dead letters come from service-defaults. */
@Configuration(proxyBeanMethods = false)
class TrackSubscriptions {

    @Bean
    Subscriptions trackServiceSubscriptions(PlayCounter plays, UserDeletedHandler users) {
        return Subscriptions.create()
                .onEnvelope(PlayVerified.class, PlayCounter.HANDLER, plays::count)
                .on(UserDeleted.class, UserDeletedHandler.HANDLER, users::userDeleted);
    }
}
