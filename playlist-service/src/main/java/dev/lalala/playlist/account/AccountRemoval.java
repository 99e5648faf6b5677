package dev.lalala.playlist.account;

import dev.lalala.events.user.UserDeleted;
import dev.lalala.playlist.playlist.PlaylistAccountCleanup;
import dev.lalala.playlist.user.UserSummaries;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * UserDeleted: the account becomes a tombstone in the user read model (its names go; it cannot be invited, and
 * writes with a token of it still in flight fail), then its playlists go (each announced as PlaylistDeleted), its
 * collaborations and likes go, and the songs it added to other people's playlists stay there, without its id:
 * those lists belong to their owners, and a song that the account itself owned leaves them through its own
 * TrackDeleted. The tombstone comes first: taking its lock waits for the account's writes in flight, so the
 * sweep that follows sees what they wrote.
 */
@Component
public class AccountRemoval {

    private final UserSummaries users;
    private final PlaylistAccountCleanup cleanup;

    AccountRemoval(UserSummaries users, PlaylistAccountCleanup cleanup) {
        this.users = users;
        this.cleanup = cleanup;
    }

    /** Joins the subscription's transaction (the processed-event id is recorded in it). */
    @Transactional
    public void userDeleted(UserDeleted event) {
        users.deleted(event);
        cleanup.removeUser(event.userId());
    }
}
