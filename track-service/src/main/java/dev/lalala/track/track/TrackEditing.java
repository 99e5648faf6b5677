package dev.lalala.track.track;

import static dev.lalala.track.Db.utc;

import dev.lalala.defaults.outbox.Outbox;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.security.CurrentUser;
import dev.lalala.events.Visibility;
import dev.lalala.events.audio.AudioLayout;
import dev.lalala.events.audio.TrackManifest;
import dev.lalala.events.track.ProcessingStatus;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.events.track.TrackUpdated;
import dev.lalala.blob.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The owner's changes to a song: metadata, visibility, cover, deletion. Each locks the row first, so it is ordered
 * against the pipeline publishing the same song (which rewrites the manifest under the same lock).
 */
@Service
public class TrackEditing {

    private static final Logger log = LoggerFactory.getLogger(TrackEditing.class);

    /** A partial edit: absent (null) fields stay as they are. */
    public record Changes(String title, String genre, List<String> tags, String description, String visibility) {
    }

    /** Reads an uploaded cover into its stored sizes (the upload package's CoverStore); problems for bad images. */
    public interface CoverImages {
        Map<Integer, byte[]> resize(InputStream image) throws IOException;
    }

    private final TrackRepository tracks;
    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final BlobStore blobs;
    private final TransactionTemplate transactions;
    private final Clock clock;

    TrackEditing(TrackRepository tracks, JdbcClient jdbc, Outbox outbox, BlobStore blobs,
            PlatformTransactionManager transactionManager, Clock clock) {
        this.tracks = tracks;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.blobs = blobs;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    public Track edit(CurrentUser user, UUID id, Changes changes) {
        TrackFields fields = new TrackFields();
        String title = changes.title() == null ? null : fields.title(changes.title(), true);
        String genre = changes.genre() == null ? null : fields.genre(changes.genre());
        List<String> tags = changes.tags() == null ? null : fields.tags(changes.tags());
        String description = changes.description() == null ? null : fields.description(changes.description());
        Visibility visibility = changes.visibility() == null ? null : fields.visibility(changes.visibility(), null);
        fields.check();
        return transactions.execute(status -> {
            TrackAccess before = lockOwned(user, id);
            jdbc.sql("""
                            UPDATE track SET title = COALESCE(?, title), title_from_tags = title_from_tags AND ? IS NULL,
                                   genre = COALESCE(?, genre),
                                   description = CASE WHEN ? THEN ? ELSE description END,
                                   visibility = COALESCE(?, visibility), updated_at = ?
                             WHERE id = ?""")
                    .params(title, title, genre, changes.description() != null, description,
                            visibility == null ? null : visibility.name(), utc(clock.instant()), id.toString())
                    .update();
            if (tags != null) {
                jdbc.sql("DELETE FROM track_tag WHERE track_id = ?").param(id.toString()).update();
                for (int i = 0; i < tags.size(); i++) {
                    jdbc.sql("INSERT INTO track_tag (track_id, tag, position) VALUES (?, ?, ?)")
                            .params(id.toString(), tags.get(i), i).update();
                }
            }
            Track after = tracks.findById(id).orElseThrow();
            if (after.visibility() != before.visibility()) {
                rewriteManifest(after);
            }
            updated(after);
            return after;
        });
    }

    public Track replaceCover(CurrentUser user, UUID id, CoverImages covers, InputStream image) {
        // Ownership before reading the image; the image is read and resized before the row is locked.
        TrackAccess track = tracks.findAccess(id).filter(t -> t.visibleTo(Optional.of(user.id())))
                .orElseThrow(() -> ApiException.notFound("Track", id));
        user.mustOwn(track.ownerId(), "track");
        Map<Integer, byte[]> sizes;
        try {
            sizes = covers.resize(image);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return transactions.execute(status -> {
            // The files are written under the row lock: a delete removes the folder only after its own commit,
            // so it either runs after this (and removes them) or made the lock fail (and nothing is written).
            lockOwned(user, id);
            for (var size : sizes.entrySet()) {
                try {
                    blobs.put(AudioLayout.coverKey(id, size.getKey()), size.getValue());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            jdbc.sql("UPDATE track SET cover_key = ?, updated_at = ? WHERE id = ?")
                    .params(AudioLayout.coverKey(id, 1200), utc(clock.instant()), id.toString()).update();
            Track after = tracks.findById(id).orElseThrow();
            updated(after);
            return after;
        });
    }

    public void delete(CurrentUser user, UUID id) {
        transactions.executeWithoutResult(status -> {
            TrackAccess track = lockOwned(user, id);
            deleteLocked(track.id(), track.ownerId());
        });
        deleteBlobs(List.of(id));
    }

    /**
     * Deletes the rows of every song of a user (their account is gone), in the caller's transaction, and returns
     * their ids: the caller deletes their blobs with {@link #deleteBlobs} once that transaction has committed.
     */
    public List<UUID> deleteRowsOf(UUID ownerId) {
        List<UUID> ids = jdbc.sql("SELECT id FROM track WHERE owner_id = ? FOR UPDATE").param(ownerId.toString())
                .query((rs, n) -> UUID.fromString(rs.getString("id"))).list();
        ids.forEach(id -> deleteLocked(id, ownerId));
        return ids;
    }

    /** The files of deleted songs; only after the deletion committed, so a rollback leaves whole songs. */
    public void deleteBlobs(List<UUID> ids) {
        for (UUID id : ids) {
            try {
                blobs.deleteAll(AudioLayout.trackPrefix(id));
            } catch (IOException e) {
                log.warn("could not delete the blobs of deleted track {}: {}", id, e.toString());
            }
        }
    }

    private void deleteLocked(UUID id, UUID ownerId) {
        jdbc.sql("DELETE FROM track WHERE id = ?").param(id.toString()).update();
        outbox.publish(TrackEvents.TRACK_DELETED, new TrackDeleted(id, ownerId));
    }

    /** The row, locked; 404 when the caller may not even see it, 403 when they see it but do not own it. */
    private TrackAccess lockOwned(CurrentUser user, UUID id) {
        TrackAccess track = tracks.lockAccess(id).filter(t -> t.visibleTo(Optional.of(user.id())))
                .orElseThrow(() -> ApiException.notFound("Track", id));
        user.mustOwn(track.ownerId(), "track");
        return track;
    }

    private void updated(Track track) {
        outbox.publish(TrackEvents.TRACK_UPDATED, new TrackUpdated(track.id(), track.ownerId(), track.title(),
                track.genre(), track.tags(), track.description(), track.visibility(), track.coverUrl()));
    }

    /** streaming-service decides who may listen from the manifest: it follows every visibility change. */
    private void rewriteManifest(Track track) {
        if (track.status() != ProcessingStatus.READY) {
            return;
        }
        String key = AudioLayout.manifestKey(track.id());
        try {
            if (!blobs.exists(key)) {
                return;
            }
            TrackManifest manifest;
            try (InputStream in = blobs.open(key)) {
                manifest = TrackManifest.fromJson(in.readAllBytes());
            }
            blobs.put(key, manifest.withVisibility(track.visibility()).toJson());
        } catch (IOException e) {
            throw new UncheckedIOException("could not rewrite the manifest of " + track.id(), e);
        }
    }
}
