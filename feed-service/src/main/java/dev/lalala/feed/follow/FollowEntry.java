package dev.lalala.feed.follow;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

@Schema(description = "One user in a followers or following list, with when the follow began. Handle and display "
        + "name appear once the user's profile has reached this service.")
public record FollowEntry(UUID userId, String handle, String displayName, Instant since) {
}
