package dev.lalala.events.follow;

import dev.lalala.events.EventPayload;
import java.time.Instant;
import java.util.UUID;

/** Keyed by the follower, so one user's follows and unfollows stay in order. */
public record UserFollowed(UUID followerId, UUID followeeId, Instant followedAt) implements EventPayload {

    @Override
    public String eventKey() {
        return followerId.toString();
    }
}
