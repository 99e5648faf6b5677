package dev.lalala.user.profile;

import dev.lalala.defaults.outbox.Outbox;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.events.user.UserEvents;
import dev.lalala.defaults.jdbc.Db;
import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Changes to a profile by its owner; each change is announced as ProfileUpdated in the same transaction. */
@Service
public class ProfileEdits {

    private final ProfileRepository profiles;
    private final Outbox outbox;
    private final Clock clock;

    public ProfileEdits(ProfileRepository profiles, Outbox outbox, Clock clock) {
        this.profiles = profiles;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    public ProfileRow edit(UUID userId, ProfileChanges changes) {
        ProfileRow row = profiles.lock(userId).orElseThrow(() -> ApiException.notFound("User", userId));
        String displayName = changes.displayName() != null ? changes.displayName() : row.displayName();
        String bio = changes.bioGiven() ? changes.bio() : row.bio();
        if (displayName.equals(row.displayName()) && Objects.equals(bio, row.bio())) {
            return row;
        }
        profiles.updateDetails(userId, displayName, bio, Db.now(clock));
        ProfileRow updated = profiles.find(userId).orElseThrow();
        outbox.publish(UserEvents.PROFILE_UPDATED, updated.toEvent());
        return updated;
    }
}
