package dev.lalala.feed.events;

import dev.lalala.defaults.subscription.Subscriptions;
import dev.lalala.events.playlist.PlaylistCreated;
import dev.lalala.events.playlist.PlaylistDeleted;
import dev.lalala.events.playlist.PlaylistUpdated;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackLiked;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.events.track.TrackUnliked;
import dev.lalala.events.track.TrackUpdated;
import dev.lalala.events.user.ProfileUpdated;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.events.user.UserRegistered;
import dev.lalala.feed.activity.Activities;
import dev.lalala.feed.user.UserDirectory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What feed-service reacts to, in one place. Each handler runs once per event id, in one Neo4j transaction with the
 * record of that id (Neo4jProcessedEventStore).
 */
@Configuration(proxyBeanMethods = false)
public class FeedSubscriptions {

    @Bean
    Subscriptions subscriptions(UserDirectory users, Activities activities) {
        return Subscriptions.create()
                .on(UserRegistered.class, users::registered)
                .on(ProfileUpdated.class, users::profileUpdated)
                .on(UserDeleted.class, users::deleted)
                .on(TrackPublished.class, activities::trackPublished)
                .on(TrackUpdated.class, activities::trackUpdated)
                .on(TrackDeleted.class, activities::trackDeleted)
                .on(TrackLiked.class, activities::trackLiked)
                .on(TrackUnliked.class, activities::trackUnliked)
                .onEnvelope(PlaylistCreated.class, activities::playlistCreated)
                .onEnvelope(PlaylistUpdated.class, activities::playlistUpdated)
                .on(PlaylistDeleted.class, activities::playlistDeleted);
    }
}
