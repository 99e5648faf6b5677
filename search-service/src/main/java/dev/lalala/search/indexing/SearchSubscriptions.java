package dev.lalala.search.indexing;

import dev.lalala.events.follow.UserFollowed;
import dev.lalala.events.follow.UserUnfollowed;
import dev.lalala.events.play.PlayVerified;
import dev.lalala.events.track.TrackLiked;
import dev.lalala.events.track.TrackUnliked;
import dev.lalala.defaults.subscription.Subscriptions;
import dev.lalala.search.index.SearchIndex;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What keeps the indices current: songs from track.events, artists from user.events, playlists from
 * playlist.events, and the popularity figures (likes, verified plays, followers) from track.events, play.events and
 * follow.events. The document events go to {@link SearchWriter#apply} a run at a time (a poll's worth in one read
 * and one write; idempotent by event time, so no event ids are remembered for them); the counters one at a time,
 * through {@link dev.lalala.search.index.ProcessedEvents}. The same writer replays the topics in a rebuild
 * ({@link IndexRebuilder}).
 */
@Configuration(proxyBeanMethods = false)
public class SearchSubscriptions {

    /** The batch handler's name: what its metrics are tagged with. */
    public static final String DOCUMENTS = "search-documents";

    @Bean
    Subscriptions indexingSubscriptions(SearchWriter writer) {
        String tracks = SearchIndex.TRACKS.alias();
        String artists = SearchIndex.ARTISTS.alias();
        return Subscriptions.create()
                .onBatch(DOCUMENTS, SearchWriter.DOCUMENT_EVENTS, events -> writer.apply(Targets.LIVE, events))
                .on(TrackLiked.class, e -> writer.count(tracks, e.trackId(), "likes", 1))
                .on(TrackUnliked.class, e -> writer.count(tracks, e.trackId(), "likes", -1))
                .on(PlayVerified.class, e -> writer.count(tracks, e.trackId(), "plays", 1))
                .on(UserFollowed.class, e -> writer.count(artists, e.followeeId(), "followers", 1))
                .on(UserUnfollowed.class, e -> writer.count(artists, e.followeeId(), "followers", -1));
    }
}
