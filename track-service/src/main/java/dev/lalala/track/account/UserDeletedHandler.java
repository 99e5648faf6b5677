package dev.lalala.track.account;

import dev.lalala.defaults.subscription.ProcessedEventStore;
import dev.lalala.events.EventJson;
import dev.lalala.events.Topics;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.track.like.Likes;
import dev.lalala.track.track.TrackEditing;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * A deleted account takes its songs with it (rows, files, TrackDeleted for each, so read models forget them) and
 * its likes (each like count goes down, TrackUnliked for each). Removed rather than anonymised: a song is its
 * artist's work, and nobody else may publish it. Counted plays of other songs stay (they carry no user id here).
 */
@Component
class UserDeletedHandler {

    private static final Logger log = LoggerFactory.getLogger(UserDeletedHandler.class);
    static final String CONSUMER = "track-service.user-deleted";

    private final ProcessedEventStore processed;
    private final TrackEditing editing;
    private final Likes likes;

    UserDeletedHandler(ProcessedEventStore processed, TrackEditing editing, Likes likes) {
        this.processed = processed;
        this.editing = editing;
        this.likes = likes;
    }

    @KafkaListener(topics = Topics.USER_EVENTS, groupId = "track-service.users")
    void on(String json) {
        EventJson.readIfKnown(json).ifPresent(event -> {
            if (event.payload() instanceof UserDeleted deleted) {
                UUID user = deleted.userId();
                List<UUID> songs = new ArrayList<>();
                // Rows and events in the transaction of applyOnce; the files only once it has committed (a
                // rollback must leave whole songs; a redelivery finds no rows).
                processed.applyOnce(CONSUMER, event.id(), () -> {
                    for (UUID track : likes.likedTrackIds(user)) {
                        likes.removeLike(user, track);
                    }
                    songs.addAll(editing.deleteRowsOf(user));
                });
                editing.deleteBlobs(songs);
                log.info("user {} deleted: {} song(s) removed", user, songs.size());
            }
        });
    }
}
