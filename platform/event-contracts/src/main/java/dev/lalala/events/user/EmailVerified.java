package dev.lalala.events.user;

import dev.lalala.events.EventPayload;
import java.time.Instant;
import java.util.UUID;

/** Published by user-service when the owner of the address followed the link in the verification mail. */
public record EmailVerified(UUID userId, String email, Instant verifiedAt) implements EventPayload {

    @Override
    public String eventKey() {
        return userId.toString();
    }
}
