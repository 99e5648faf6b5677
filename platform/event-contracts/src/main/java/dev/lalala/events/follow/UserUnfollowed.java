package dev.lalala.events.follow;

import dev.lalala.events.EventPayload;
import java.util.UUID;

public record UserUnfollowed(UUID followerId, UUID followeeId) implements EventPayload {

    @Override
    public String eventKey() {
        return followerId.toString();
    }
}
