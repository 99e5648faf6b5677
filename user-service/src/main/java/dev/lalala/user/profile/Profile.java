package dev.lalala.user.profile;

import dev.lalala.events.user.UserRole;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** A user's public profile, as clients see it. */
@Schema(description = "A user's public profile")
public record Profile(
        UUID id,
        @Schema(description = "The @name, lower-case", example = "mina_beats") String handle,
        @Schema(example = "Mina") String displayName,
        @Schema(description = "One line about the user; absent when empty") String bio,
        UserRole role,
        Instant createdAt) {
}
