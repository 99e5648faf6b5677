package dev.lalala.track.account;

import dev.lalala.events.user.UserDeleted;
import dev.lalala.track.like.Likes;
import dev.lalala.track.track.TrackEditing;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A deleted account takes its songs with it (rows, files, TrackDeleted for each, so read models forget them) and
 * its likes (each like count goes down, TrackUnliked for each). Removed rather than anonymised: a song is its
 * artist's work, and nobody else may publish it. Counted plays of other songs stay (they carry no user id here).
 */
@Component
public class UserDeletedHandler {

    /** The subscription's name: what processed_event remembers applied ids under. */
    public static final String HANDLER = "track-service.user-deleted";

    private static final Logger log = LoggerFactory.getLogger(UserDeletedHandler.class);

    private final TrackEditing editing;
    private final Likes likes;

    UserDeletedHandler(TrackEditing editing, Likes likes) {
        this.editing = editing;
        this.likes = likes;
    }

    /** Runs in the subscription's transaction: rows and events in it, the files only once it has committed. */
    public void userDeleted(UserDeleted deleted) {
        UUID user = deleted.userId();
        for (UUID track : likes.likedTrackIds(user)) {
            likes.removeLike(user, track);
        }
        List<UUID> songs = editing.deleteRowsOf(user);
        // A rollback must leave whole songs; a redelivery finds no rows, so the files go only after the commit.
        Runnable deleteFiles = () -> {
            editing.deleteBlobs(songs);
            log.info("user {} deleted: {} song(s) removed", user, songs.size());
        };
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    deleteFiles.run();
                }
            });
        } else {
            deleteFiles.run();
        }
    }
}
