package dev.lalala.track.upload;

import static dev.lalala.track.Db.utc;

import dev.lalala.defaults.outbox.Outbox;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.security.CurrentUser;
import dev.lalala.events.Visibility;
import dev.lalala.events.audio.AudioLayout;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.events.track.TrackUploaded;
import dev.lalala.track.TrackProperties;
import dev.lalala.blob.BlobStore;
import dev.lalala.track.pipeline.ProcessingWorker;
import dev.lalala.track.track.TrackFields;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.multipart.MultipartFile;

/**
 * Receives an upload: checks the fields, moves the spooled file into the blob store (never more than the limit),
 * stores the cover, then records the PROCESSING row and TrackUploaded in one transaction
 * and wakes the worker. Anything that fails leaves no row and no blob behind.
 */
@Service
public class Uploads {

    private static final Logger log = LoggerFactory.getLogger(Uploads.class);

    /** What the uploader sent besides the audio. */
    public record Form(String title, String genre, List<String> tags, String description, String visibility) {
    }

    private final BlobStore blobs;
    private final CoverStore covers;
    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final TrackProperties properties;
    private final ObjectProvider<ProcessingWorker> worker;
    private final Clock clock;

    Uploads(BlobStore blobs, CoverStore covers, JdbcClient jdbc, Outbox outbox,
            PlatformTransactionManager transactionManager, TrackProperties properties,
            ObjectProvider<ProcessingWorker> worker, Clock clock) {
        this.blobs = blobs;
        this.covers = covers;
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.transactions = new TransactionTemplate(transactionManager);
        this.properties = properties;
        this.worker = worker;
        this.clock = clock;
    }

    public UUID upload(CurrentUser user, MultipartFile file, Form form, MultipartFile cover) {
        if (!user.emailVerified()) {
            throw new ApiException(HttpStatus.FORBIDDEN, dev.lalala.defaults.problem.ProblemTypes.of(
                    "email-not-verified"), "Email not verified", "Verify your email address before uploading songs.");
        }
        TrackFields fields = new TrackFields();
        String title = fields.title(form.title(), false);
        String genre = fields.genre(form.genre());
        List<String> tags = fields.tags(form.tags());
        String description = fields.description(form.description());
        Visibility visibility = fields.visibility(form.visibility(), Visibility.PUBLIC);
        if (file == null) {
            fields.error("file", "the audio file is missing (multipart part 'file')");
        } else if (file.isEmpty()) {
            fields.error("file", "the file is empty");
        }
        if (cover != null && cover.isEmpty()) {
            fields.error("cover", "the cover image is empty");
        }
        fields.check();
        long maxBytes = properties.maxUploadSize().toBytes();
        if (file.getSize() > maxBytes) {
            throw tooLarge(maxBytes);
        }

        UUID id = UUID.randomUUID();
        String filename = Filenames.sanitize(file.getOriginalFilename());
        try {
            long size = blobs.putFrom(AudioLayout.originalKey(id), target -> {
                // Tomcat has spooled the part to disk: Part.write moves that file into place (a rename on the
                // same filesystem) rather than copying it a second time.
                file.transferTo(target.toFile());
                if (Files.size(target) > maxBytes) {
                    throw new LimitedInputStream.LimitExceededException(maxBytes);
                }
            });
            boolean hasCover = cover != null;
            if (hasCover) {
                covers.store(id, cover);
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            String finalTitle = title != null ? title : Filenames.stem(filename);
            transactions.executeWithoutResult(status -> {
                jdbc.sql("""
                                INSERT INTO track (id, owner_id, title, title_from_tags, genre, description, visibility,
                                    status, processing_stage, processing_percent, original_key, original_filename,
                                    original_bytes, cover_key, created_at, updated_at)
                                VALUES (?, ?, ?, ?, ?, ?, ?, 'PROCESSING', 'RECEIVED', 0, ?, ?, ?, ?, ?, ?)""")
                        .params(id.toString(), user.id().toString(), finalTitle, title == null, genre, description,
                                visibility.name(), AudioLayout.originalKey(id), filename, size,
                                hasCover ? AudioLayout.coverKey(id, 1200) : null, utc(now), utc(now))
                        .update();
                for (int i = 0; i < tags.size(); i++) {
                    jdbc.sql("INSERT INTO track_tag (track_id, tag, position) VALUES (?, ?, ?)")
                            .params(id.toString(), tags.get(i), i).update();
                }
                outbox.publish(TrackEvents.TRACK_UPLOADED, new TrackUploaded(id, user.id(), finalTitle, genre, tags,
                        visibility, filename, size));
            });
        } catch (LimitedInputStream.LimitExceededException e) {
            discard(id);
            throw tooLarge(maxBytes);
        } catch (IOException e) {
            discard(id);
            throw new java.io.UncheckedIOException("could not store the upload", e);
        } catch (RuntimeException e) {
            discard(id);
            throw e;
        }
        worker.ifAvailable(ProcessingWorker::wake);
        return id;
    }

    private ApiException tooLarge(long maxBytes) {
        return ApiException.payloadTooLarge("Songs may be at most " + maxBytes / (1024 * 1024) + " MB.")
                .with("maxBytes", maxBytes);
    }

    private void discard(UUID id) {
        try {
            blobs.deleteAll(AudioLayout.trackPrefix(id));
        } catch (IOException e) {
            log.warn("could not remove the blobs of refused upload {}: {}", id, e.toString());
        }
    }
}
