package dev.lalala.user.events;

import dev.lalala.defaults.outbox.Outbox;
import dev.lalala.events.track.TrackUploaded;
import dev.lalala.events.user.EmailVerified;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.events.user.UserEvents;
import dev.lalala.events.user.UserRegistered;
import dev.lalala.defaults.jdbc.Db;
import dev.lalala.user.avatar.Avatars;
import dev.lalala.user.profile.Handle;
import dev.lalala.user.profile.ProfileChanges;
import dev.lalala.user.profile.ProfileRepository;
import java.time.Clock;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * What other services' events do to profiles. Each method runs inside the transaction of
 * the declared subscription (a {@code ProcessedEventStore} transaction), so it is applied once per event id, and each is also
 * safe to repeat by itself (a second UserRegistered for the same user, a second TrackUploaded).
 */
@Service
class ProfileLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProfileLifecycle.class);

    private final ProfileRepository profiles;
    private final Avatars avatars;
    private final Outbox outbox;
    private final Clock clock;

    ProfileLifecycle(ProfileRepository profiles, Avatars avatars, Outbox outbox, Clock clock) {
        this.profiles = profiles;
        this.avatars = avatars;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** A new account: its profile, with the handle auth-service chose (made unique here too, should it clash). */
    void registered(UserRegistered event) {
        if (profiles.exists(event.userId())) {
            return;
        }
        String handle = freeHandle(event);
        String displayName = displayName(event, handle);
        profiles.insert(event.userId(), handle, event.email(), displayName, event.registeredAt() != null
                ? event.registeredAt() : Db.now(clock));
        log.info("profile created for user {} as @{}", event.userId(), handle);
    }

    void emailVerified(EmailVerified event) {
        profiles.markEmailVerified(event.userId(), event.email(), Db.now(clock));
    }

    /**
     * The account is gone: the row goes, then the avatar's files, still inside the transaction. Should deleting the
     * files fail, the row comes back with the rollback and the redelivered event tries again.
     */
    void deleted(UserDeleted event) {
        boolean existed = profiles.delete(event.userId());
        avatars.deleteFiles(event.userId());
        log.info("profile of user {} deleted (existed: {})", event.userId(), existed);
    }

    /** Anyone who uploads becomes an artist; a second upload changes nothing and announces nothing. */
    void uploaded(TrackUploaded event) {
        if (profiles.promoteToArtist(event.ownerId(), Db.now(clock))) {
            outbox.publish(UserEvents.PROFILE_UPDATED, profiles.find(event.ownerId()).orElseThrow().toEvent());
            log.info("user {} is now an artist", event.ownerId());
        } else if (!profiles.exists(event.ownerId())) {
            log.warn("track {} uploaded by user {} who has no profile here", event.trackId(), event.ownerId());
        }
    }

    private String freeHandle(UserRegistered event) {
        String base = event.handle() != null && Handle.isValid(event.handle())
                ? Handle.normalize(event.handle())
                : fromEmail(event.email());
        if (!profiles.handleTaken(base)) {
            return base;
        }
        String stem = base.length() > 24 ? base.substring(0, 24) : base;
        for (int n = 2; ; n++) {
            String candidate = stem + "_" + n;
            if (!profiles.handleTaken(candidate)) {
                return candidate;
            }
        }
    }

    private static String fromEmail(String email) {
        String local = email == null ? "" : email.substring(0, Math.max(0, email.indexOf('@')));
        String cleaned = local.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        if (cleaned.length() > 30) {
            cleaned = cleaned.substring(0, 30);
        }
        return Handle.isValid(cleaned) ? cleaned : "user_" + Integer.toHexString(cleaned.hashCode() & 0xfffff);
    }

    private static String displayName(UserRegistered event, String handle) {
        String name = event.displayName() == null ? "" : event.displayName().strip();
        if (name.isEmpty()) {
            return handle;
        }
        if (name.codePointCount(0, name.length()) > ProfileChanges.DISPLAY_NAME_MAX) {
            name = name.substring(0, name.offsetByCodePoints(0, ProfileChanges.DISPLAY_NAME_MAX));
        }
        return name;
    }
}
