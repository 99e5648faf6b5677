package dev.lalala.feed.follow;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.UUID;

@Schema(description = "How many users follow a user, and how many that user follows.")
public record FollowCounts(UUID userId, long followers, long following) {
}
