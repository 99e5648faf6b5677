package dev.lalala.track.upload;

import dev.lalala.defaults.outbox.Outbox;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.security.CurrentUser;
import dev.lalala.events.Visibility;
import dev.lalala.events.audio.AudioLayout;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.track.TrackProperties;
import dev.lalala.blob.BlobStore;
import dev.lalala.track.pipeline.AudioProbe;
import dev.lalala.track.pipeline.ProcessingWorker;
import dev.lalala.track.track.Track;
import dev.lalala.track.track.TrackFields;
import dev.lalala.track.track.TrackRepository;
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
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.multipart.MultipartFile;

/**
 * Receives an upload: checks the fields, moves the spooled file into the blob store (never more than the limit),
 * refuses a video, stores the cover, then records the new song (PROCESSING) and TrackUploaded in one transaction
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
    private final TrackRepository tracks;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final TrackProperties properties;
    private final ObjectProvider<ProcessingWorker> worker;
    private final AudioProbe probe;
    private final Clock clock;

    Uploads(BlobStore blobs, CoverStore covers, TrackRepository tracks, Outbox outbox,
            PlatformTransactionManager transactionManager, TrackProperties properties,
            ObjectProvider<ProcessingWorker> worker, AudioProbe probe, Clock clock) {
        this.blobs = blobs;
        this.covers = covers;
        this.tracks = tracks;
        this.outbox = outbox;
        this.transactions = new TransactionTemplate(transactionManager);
        this.properties = properties;
        this.worker = worker;
        this.probe = probe;
        this.clock = clock;
    }

    /** The new song, as stored (PROCESSING). */
    public Track upload(CurrentUser user, MultipartFile file, Form form, MultipartFile cover) {
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
        Track uploaded;
        String filename = Filenames.sanitize(file.getOriginalFilename());
        try {
            long size = blobs.putFrom(AudioLayout.originalKey(id), target -> {
                // Tomcat has spooled the part to disk: Part.write moves that file into place (a rename on the
                // same filesystem) rather than copying it a second time.
                file.transferTo(target.toFile());
                if (Files.size(target) > maxBytes) {
                    throw new LimitedInputStream.LimitExceededException(maxBytes);
                }
                refuseVideo(target);
            });
            boolean hasCover = cover != null;
            if (hasCover) {
                covers.store(id, cover);
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Track track = Track.uploaded(id, user.id(), title, Filenames.title(file.getOriginalFilename()), genre, tags,
                    description, visibility, hasCover, now);
            transactions.executeWithoutResult(status -> {
                tracks.insert(track, AudioLayout.originalKey(id), filename, size);
                outbox.publish(TrackEvents.TRACK_UPLOADED, track.uploadedEvent(filename, size));
            });
            uploaded = track;
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
        return uploaded;
    }

    /**
     * A film or clip is refused while the uploader waits: one look at the header (tens of milliseconds), so they
     * learn at once to send the audio alone. Anything the probe cannot tell is left to the pipeline, which checks
     * again.
     */
    private void refuseVideo(java.nio.file.Path file) throws IOException {
        AudioProbe.Result result;
        try {
            result = probe.probe(file).orElse(null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while probing the upload");
        }
        if (result != null && result.isVideo()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, dev.lalala.defaults.problem.ProblemTypes.of(
                    "video-not-accepted"), "Video is not accepted", AudioProbe.videoRefusal(result))
                    .with("errors", List.of(new dev.lalala.defaults.problem.FieldError("file",
                            "a video (" + String.join(", ", result.videoCodecs()) + "): upload the audio only")));
        }
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
