package dev.lalala.playlist.user;

import java.util.UUID;

/**
 * What this service knows of an account, from user.events. {@code handle} and {@code displayName} are null while
 * its UserRegistered has not arrived yet, and once it was deleted.
 */
public record UserSummary(UUID userId, String handle, String displayName, boolean deleted) {

    /** Known and not deleted: it can be invited, and its name shown. */
    public boolean active() {
        return !deleted;
    }
}
