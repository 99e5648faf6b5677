package dev.lalala.feed.follow;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.UUID;

@Schema(description = "How many users follow a user, how many that user follows, and whether the caller follows them "
        + "(false without a token), so a profile page needs one call.")
public record FollowCounts(UUID userId, long followers, long following, boolean followedByYou) {
}
