package dev.lalala.events.user;

import dev.lalala.events.EventPayload;
import java.util.UUID;

/** The public profile as it now stands (a full state, so a consumer that missed one update catches up on the next). */
public record ProfileUpdated(
        UUID userId, String handle, String displayName, String bio, String avatarUrl, UserRole role)
        implements EventPayload {

    @Override
    public String eventKey() {
        return userId.toString();
    }
}
