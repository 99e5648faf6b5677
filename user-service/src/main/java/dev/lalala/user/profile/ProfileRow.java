package dev.lalala.user.profile;

import dev.lalala.events.user.ProfileUpdated;
import dev.lalala.events.user.UserRole;
import java.time.Instant;
import java.util.UUID;

/** One row of {@code user_profile}, everything in it; only the views below leave the service. */
public record ProfileRow(
        UUID id,
        String handle,
        String email,
        boolean emailVerified,
        String displayName,
        String bio,
        UserRole role,
        String avatarKey,
        Instant createdAt,
        Instant updatedAt) {

    /** Where the avatar is served, when there is one. */
    public String avatarUrl() {
        return avatarKey == null ? null : "/api/users/" + id + "/avatar";
    }

    public Profile toPublic() {
        return new Profile(id, handle, displayName, bio, role, avatarUrl(), createdAt);
    }

    public MyProfile toMine() {
        return new MyProfile(id, handle, displayName, bio, role, avatarUrl(), email, emailVerified, createdAt,
                updatedAt);
    }

    /** The event announcing the profile as it now stands (full state; never the email). */
    public ProfileUpdated toEvent() {
        return new ProfileUpdated(id, handle, displayName, bio, avatarUrl(), role);
    }
}
