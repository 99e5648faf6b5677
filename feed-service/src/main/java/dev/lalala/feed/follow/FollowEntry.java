package dev.lalala.feed.follow;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

@Schema(description = "One user in a followers or following list, with when the follow began and whether the caller "
        + "follows them (false for anonymous callers). Handle, display name and avatar appear once the user's profile "
        + "has reached this service.")
public record FollowEntry(UUID userId, String handle, String displayName, String avatarUrl, Instant since,
        boolean followedByYou) {
}
