package dev.lalala.feed.follow;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.UUID;

@Schema(description = "After a follow or unfollow: whether the caller now follows the user, whether this request "
        + "changed anything (false on a repeat), and the user's follower count.")
public record FollowStatus(UUID userId, boolean following, boolean changed, long followers) {
}
