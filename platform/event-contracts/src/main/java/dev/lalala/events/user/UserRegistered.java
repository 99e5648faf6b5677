package dev.lalala.events.user;

import dev.lalala.events.EventPayload;
import java.time.Instant;
import java.util.UUID;

/** Published by auth-service when an account is created; user-service makes the profile and sends the verification mail. */
public record UserRegistered(UUID userId, String email, String displayName, String handle, Instant registeredAt)
        implements EventPayload {

    @Override
    public String eventKey() {
        return userId.toString();
    }
}
