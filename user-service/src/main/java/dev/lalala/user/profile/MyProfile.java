package dev.lalala.user.profile;

import dev.lalala.events.user.UserRole;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** The caller's own profile: the public fields plus what only the owner may see. */
@Schema(description = "Your own profile, with your email address")
public record MyProfile(
        UUID id,
        String handle,
        String displayName,
        String bio,
        UserRole role,
        String avatarUrl,
        @Schema(example = "mina@example.com") String email,
        boolean emailVerified,
        Instant createdAt,
        Instant updatedAt) {
}
