package dev.lalala.user.avatar;

import dev.lalala.blob.BlobStore;
import dev.lalala.defaults.outbox.Outbox;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.events.user.UserEvents;
import dev.lalala.user.Db;
import dev.lalala.user.profile.ProfileRepository;
import dev.lalala.user.profile.ProfileRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A user's avatar: validated and resized, then each size written to the blob store atomically, and only after every
 * size is complete does the profile row point at them (and ProfileUpdated go out, in that transaction). A crash
 * before the row changes leaves files nobody points at, which the next upload overwrites.
 * <pre>
 * users/{userId}/avatar/{size}.jpg    one square JPEG per size (64, 256, 512 by default)
 * </pre>
 */
@Service
public class Avatars {

    private static final Logger log = LoggerFactory.getLogger(Avatars.class);

    private final ProfileRepository profiles;
    private final AvatarImages images;
    /** A stored size is a resized JPEG of a few hundred kB at most; more is not one of ours. */
    private static final long MAX_STORED_BYTES = 8L * 1024 * 1024;

    private final BlobStore blobs;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public Avatars(ProfileRepository profiles, AvatarImages images, BlobStore blobs, Outbox outbox,
            PlatformTransactionManager transactionManager, Clock clock) {
        this.profiles = profiles;
        this.images = images;
        this.blobs = blobs;
        this.outbox = outbox;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /** The folder of a user's avatar files; deleting it deletes the avatar. */
    public static String folder(UUID userId) {
        return "users/" + userId + "/avatar/";
    }

    public static String key(UUID userId, int size) {
        return folder(userId) + size + ".jpg";
    }

    /** Replaces the user's avatar with the uploaded image. */
    public ProfileRow replace(UUID userId, byte[] upload) {
        if (!profiles.exists(userId)) {
            throw ApiException.notFound("User", userId);
        }
        Map<Integer, byte[]> sizes = images.process(upload);
        try {
            for (Map.Entry<Integer, byte[]> size : sizes.entrySet()) {
                blobs.put(key(userId, size.getKey()), size.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the avatar of " + userId, e);
        }
        ProfileRow updated = transactions.execute(status -> {
            Optional<ProfileRow> row = profiles.lock(userId);
            if (row.isEmpty()) {
                return null;
            }
            profiles.setAvatarKey(userId, folder(userId), Db.now(clock));
            ProfileRow now = profiles.find(userId).orElseThrow();
            outbox.publish(UserEvents.PROFILE_UPDATED, now.toEvent());
            return now;
        });
        if (updated == null) {
            // The account was deleted while the image was being processed: take the files away again.
            deleteFiles(userId);
            throw ApiException.notFound("User", userId);
        }
        return updated;
    }

    /** Removes the avatar (nothing happens if there is none). */
    public void remove(UUID userId) {
        Boolean changed = transactions.execute(status -> {
            ProfileRow row = profiles.lock(userId).orElseThrow(() -> ApiException.notFound("User", userId));
            if (row.avatarKey() == null) {
                return false;
            }
            profiles.setAvatarKey(userId, null, Db.now(clock));
            outbox.publish(UserEvents.PROFILE_UPDATED, profiles.find(userId).orElseThrow().toEvent());
            return true;
        });
        // The row no longer points at the files once committed, so deleting them afterwards is never seen half-done.
        deleteFiles(userId);
        log.debug("avatar of {} removed (was set: {})", userId, changed);
    }

    /** One size of the user's avatar, if they have one. */
    public Optional<byte[]> read(UUID userId, int size) {
        Optional<ProfileRow> row = profiles.find(userId);
        if (row.isEmpty() || row.get().avatarKey() == null) {
            return Optional.empty();
        }
        try {
            return blobs.read(key(userId, size), MAX_STORED_BYTES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void deleteFiles(UUID userId) {
        try {
            blobs.deleteAll(folder(userId));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the avatar files of " + userId, e);
        }
    }
}
