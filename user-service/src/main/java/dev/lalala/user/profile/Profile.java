package dev.lalala.user.profile;

import dev.lalala.events.user.UserRole;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** A user's public profile, as anyone sees it: never the email address. */
@Schema(description = "A user's public profile")
public record Profile(
        UUID id,
        @Schema(description = "The @name, lower-case", example = "mina_beats") String handle,
        @Schema(example = "Mina") String displayName,
        @Schema(description = "One line about the user; absent when empty") String bio,
        UserRole role,
        @Schema(description = "The avatar (add ?size=64|256|512); absent when the user has none",
                example = "/api/users/7d3f1a52-4b8e-4f7a-9d61-0a1b2c3d4e5f/avatar") String avatarUrl,
        Instant createdAt) {
}
