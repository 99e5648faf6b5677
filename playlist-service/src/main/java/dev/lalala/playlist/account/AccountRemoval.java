package dev.lalala.playlist.account;

import dev.lalala.events.user.UserDeleted;
import dev.lalala.playlist.playlist.PlaylistAccountCleanup;
import org.springframework.stereotype.Component;

/**
 * UserDeleted: the account's playlists go (each announced as PlaylistDeleted), its collaborations and likes go,
 * and the songs it added to other people's playlists stay there, without its id: those lists belong to their
 * owners, and a song that the account itself owned leaves them through its own TrackDeleted.
 */
@Component
public class AccountRemoval {

    private final PlaylistAccountCleanup cleanup;

    AccountRemoval(PlaylistAccountCleanup cleanup) {
        this.cleanup = cleanup;
    }

    public void userDeleted(UserDeleted event) {
        cleanup.removeUser(event.userId());
    }
}
