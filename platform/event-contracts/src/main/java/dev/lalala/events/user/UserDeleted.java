package dev.lalala.events.user;

import dev.lalala.events.EventPayload;
import java.time.Instant;
import java.util.UUID;

/** The account is gone: every service removes or anonymises what it holds about this user. */
public record UserDeleted(UUID userId, Instant deletedAt) implements EventPayload {

    @Override
    public String eventKey() {
        return userId.toString();
    }
}
