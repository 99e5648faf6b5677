package dev.lalala.search.indexing;

import dev.lalala.events.follow.UserFollowed;
import dev.lalala.events.follow.UserUnfollowed;
import dev.lalala.events.play.PlayVerified;
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
import dev.lalala.defaults.subscription.Subscriptions;
import dev.lalala.search.index.SearchIndex;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What keeps the indices current: songs from track.events, artists from user.events, playlists from
 * playlist.events, and the popularity figures (likes, verified plays, followers) from track.events, play.events and
 * follow.events. The same {@link SearchWriter} methods replay the topics in a rebuild ({@link IndexRebuilder}).
 */
@Configuration(proxyBeanMethods = false)
public class SearchSubscriptions {

    @Bean
    Subscriptions indexingSubscriptions(SearchWriter writer) {
        Targets live = Targets.LIVE;
        String tracks = SearchIndex.TRACKS.alias();
        String artists = SearchIndex.ARTISTS.alias();
        return Subscriptions.create()
                .onEnvelope(TrackPublished.class, e -> writer.trackPublished(live, e))
                .onEnvelope(TrackUpdated.class, e -> writer.trackUpdated(live, e))
                .onEnvelope(TrackDeleted.class, e -> writer.trackDeleted(live, e))
                .on(TrackLiked.class, e -> writer.count(tracks, e.trackId(), "likes", 1))
                .on(TrackUnliked.class, e -> writer.count(tracks, e.trackId(), "likes", -1))
                .on(PlayVerified.class, e -> writer.count(tracks, e.trackId(), "plays", 1))
                .onEnvelope(UserRegistered.class, e -> writer.userRegistered(live, e))
                .onEnvelope(ProfileUpdated.class, e -> writer.profileUpdated(live, e))
                .onEnvelope(UserDeleted.class, e -> writer.userDeleted(live, e))
                .on(UserFollowed.class, e -> writer.count(artists, e.followeeId(), "followers", 1))
                .on(UserUnfollowed.class, e -> writer.count(artists, e.followeeId(), "followers", -1))
                .onEnvelope(PlaylistCreated.class, e -> writer.playlistCreated(live, e))
                .onEnvelope(PlaylistUpdated.class, e -> writer.playlistUpdated(live, e))
                .onEnvelope(PlaylistDeleted.class, e -> writer.playlistDeleted(live, e));
    }
}
