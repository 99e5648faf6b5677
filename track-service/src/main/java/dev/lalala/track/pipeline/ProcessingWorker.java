package dev.lalala.track.pipeline;

import static dev.lalala.track.Db.utc;

import dev.lalala.defaults.outbox.Outbox;
import dev.lalala.events.audio.AudioLayout;
import dev.lalala.events.audio.TrackManifest;
import dev.lalala.events.track.ProcessingStage;
import dev.lalala.events.track.ProcessingStatus;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.events.track.TrackProcessingProgressed;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.track.TrackProperties;
import dev.lalala.blob.BlobStore;
import dev.lalala.track.track.Track;
import dev.lalala.track.track.TrackRepository;
import dev.lalala.track.track.Waveforms;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Processes uploads in the background, a bounded number at a time. Work is claimed from the database with a lease
 * that the worker keeps renewing (heartbeat); when a worker dies or the service stops mid-track, the lease runs
 * out and whichever worker polls next (this one after a restart, or another instance) starts the track again from
 * its original upload. The pipeline is deterministic, so a restarted track ends the same.
 */
public class ProcessingWorker implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(ProcessingWorker.class);
    /** Progress is written at most this often (plus on every stage change): the uploader's bar, not a log. */
    private static final long PROGRESS_INTERVAL_MS = 500;

    private final String workerId = "worker-" + UUID.randomUUID();
    private final AudioPipeline pipeline;
    private final ProcessingJobs jobs;
    private final TrackRepository tracks;
    private final BlobStore blobs;
    private final Outbox outbox;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final TrackProperties properties;
    private final Clock clock;
    private final Semaphore slots;
    private final Set<UUID> active = ConcurrentHashMap.newKeySet();
    private volatile ScheduledExecutorService scheduler;
    private volatile ExecutorService workers;

    public ProcessingWorker(AudioPipeline pipeline, ProcessingJobs jobs, TrackRepository tracks, BlobStore blobs,
            Outbox outbox, JdbcClient jdbc, TransactionTemplate transactions, TrackProperties properties, Clock clock) {
        this.pipeline = pipeline;
        this.jobs = jobs;
        this.tracks = tracks;
        this.blobs = blobs;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.slots = new Semaphore(properties.concurrency());
    }

    @Override
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("track-poller").daemon()
                .factory());
        workers = Executors.newFixedThreadPool(properties.concurrency(), Thread.ofPlatform().name("track-worker-", 0)
                .daemon().factory());
        long poll = properties.pollInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::poll, poll, poll, TimeUnit.MILLISECONDS);
        long beat = Math.max(200, properties.lease().toMillis() / 3);
        scheduler.scheduleWithFixedDelay(this::heartbeat, beat, beat, TimeUnit.MILLISECONDS);
        log.info("{} processing up to {} track(s) at a time", workerId, properties.concurrency());
    }

    @Override
    public synchronized void stop() {
        if (scheduler == null) {
            return;
        }
        // Interrupts the tracks in progress (their ffmpeg is killed). Their leases are left to run out, exactly
        // as after a crash, so the same resume path is used for both.
        scheduler.shutdownNow();
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        scheduler = null;
        workers = null;
    }

    @Override
    public boolean isRunning() {
        return scheduler != null;
    }

    /** Looks for work now (after an upload) rather than at the next poll. */
    public void wake() {
        ScheduledExecutorService s = scheduler;
        if (s != null) {
            try {
                s.execute(this::poll);
            } catch (RuntimeException e) {
                // stopping
            }
        }
    }

    private void poll() {
        try {
            if (slots.availablePermits() == 0) {
                return;
            }
            Instant now = clock.instant();
            for (UUID id : jobs.claimable(now, properties.concurrency() * 4)) {
                if (!slots.tryAcquire()) {
                    return;
                }
                if (!jobs.claim(id, workerId, now, now.plus(properties.lease()))) {
                    slots.release();
                    continue;
                }
                active.add(id);
                try {
                    workers.execute(() -> {
                        try {
                            process(id);
                        } finally {
                            active.remove(id);
                            slots.release();
                        }
                    });
                } catch (RuntimeException e) {
                    active.remove(id);
                    slots.release();
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("polling for tracks to process failed: {}", e.toString());
        }
    }

    private void heartbeat() {
        try {
            jobs.heartbeat(Set.copyOf(active), workerId, clock.instant().plus(properties.lease()));
        } catch (RuntimeException e) {
            log.warn("heartbeat failed: {}", e.toString());
        }
    }

    /** Processes one claimed track to READY or FAILED. */
    void process(UUID id) {
        ProcessingJobs.Job job = jobs.job(id).orElse(null);
        if (job == null) {
            return;
        }
        Path work = properties.workDir().resolve(id.toString());
        try {
            if (job.attempts() > properties.maxAttempts()) {
                fail(job, "We could not process this file: it stopped our audio pipeline " + properties.maxAttempts()
                        + " times. Try converting it to FLAC or MP3 and upload it again.");
                return;
            }
            if (job.originalKey() == null || !blobs.exists(job.originalKey())) {
                fail(job, "The uploaded file was lost before it could be processed; upload it again.");
                return;
            }
            deleteRecursively(work);
            ProgressReporter progress = new ProgressReporter(job);
            AudioPipeline.Processed processed;
            // The store's own file, or (S3) a download that is gone once the pipeline has read it.
            try (BlobStore.LocalCopy original = blobs.localCopy(job.originalKey())) {
                processed = pipeline.process(original.path(), work, progress::report);
            }
            progress.report(ProcessingStage.PUBLISHING, 92);
            publish(job, processed);
        } catch (AudioRejectedException e) {
            fail(job, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("processing of track {} stopped ({}); it resumes when its lease runs out", id, e.toString());
        } catch (LeaseLostException e) {
            log.info("track {} was deleted or taken over while processing; dropped", id);
        } catch (Exception e) {
            if (Thread.currentThread().isInterrupted()) {
                log.info("processing of track {} stopped by shutdown", id);
            } else {
                log.error("processing of track {} failed unexpectedly; it will be retried", id, e);
                jobs.release(id, workerId);
            }
        } finally {
            deleteRecursively(work);
        }
    }

    private void publish(ProcessingJobs.Job job, AudioPipeline.Processed processed)
            throws IOException, LeaseLostException {
        UUID id = job.id();
        for (int i = 0; i < processed.segments().size(); i++) {
            blobs.putFile(AudioLayout.segmentKey(id, i), processed.segments().get(i));
        }
        blobs.putFile(AudioLayout.wholeTrackKey(id), processed.wholeTrack());
        long wholeBytes = blobs.size(AudioLayout.wholeTrackKey(id));
        // The file's album art is the cover only if the owner has none; that is decided under the row lock below,
        // as the owner may upload one while the song is processed.
        Map<Integer, byte[]> tagCovers = job.coverKey() == null && processed.tags().artwork() != null
                ? Covers.resize(processed.tags().artwork())
                : Map.of();
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Boolean published = transactions.execute(status -> {
            // The row lock orders this against an owner's edit, cover or delete of the same track.
            Boolean hasCover = jdbc.sql("""
                            SELECT cover_key IS NOT NULL FROM track
                             WHERE id = ? AND status = 'PROCESSING' AND lease_owner = ? FOR UPDATE""")
                    .params(id.toString(), workerId)
                    .query(Boolean.class).optional().orElse(null);
            if (hasCover == null) {
                return false;
            }
            boolean coverFromTags = !hasCover && !tagCovers.isEmpty();
            if (coverFromTags) {
                for (var cover : tagCovers.entrySet()) {
                    put(AudioLayout.coverKey(id, cover.getKey()), cover.getValue());
                }
            }
            String tagTitle = processed.tags().title();
            jdbc.sql("""
                            UPDATE track SET status = 'READY', processing_stage = 'DONE', processing_percent = 100,
                                   failure_reason = NULL, duration_ms = ?, segment_count = ?, segment_samples = ?,
                                   sample_rate = ?, gain_db = ?, loudness_lufs = ?, waveform = ?,
                                   cover_key = COALESCE(cover_key, ?),
                                   title = CASE WHEN title_from_tags AND ? IS NOT NULL THEN ? ELSE title END,
                                   lease_owner = NULL, lease_until = NULL, published_at = ?, updated_at = ?
                             WHERE id = ?""")
                    .params(processed.durationMs(), processed.segments().size(), AudioPipeline.SEGMENT_SAMPLES,
                            AudioPipeline.SAMPLE_RATE, processed.gainDb(), processed.loudnessLufs(),
                            Waveforms.format(processed.waveform()),
                            coverFromTags ? AudioLayout.coverKey(id, 1200) : null,
                            tagTitle == null ? null : truncate(tagTitle, 200), tagTitle == null ? null : truncate(tagTitle, 200),
                            utc(now), utc(now), id.toString())
                    .update();
            Track track = tracks.findById(id).orElseThrow();
            TrackManifest manifest = new TrackManifest(TrackManifest.CURRENT_VERSION, id, track.ownerId(),
                    track.visibility(), AudioPipeline.SAMPLE_RATE, AudioPipeline.CHANNELS,
                    AudioPipeline.BITS_PER_SAMPLE, processed.segments().size(), AudioPipeline.SEGMENT_SAMPLES,
                    processed.lastSegmentSamples(), processed.totalSamples(), processed.durationMs(),
                    processed.loudnessLufs(), processed.gainDb(), processed.waveform(), wholeBytes, now);
            // Last of the blobs, once all segments are in place; inside the transaction so that a failure
            // here leaves the row PROCESSING (retried) instead of READY without a manifest.
            put(AudioLayout.manifestKey(id), manifest.toJson());
            outbox.publish(TrackEvents.TRACK_PUBLISHED, new TrackPublished(id, track.ownerId(), track.title(),
                    track.genre(), track.tags(), track.description(), track.visibility(), processed.durationMs(),
                    processed.segments().size(), AudioPipeline.SEGMENT_SAMPLES, AudioPipeline.SAMPLE_RATE,
                    processed.gainDb(), track.coverUrl(), now));
            outbox.publish(TrackEvents.TRACK_PROCESSING_PROGRESSED, new TrackProcessingProgressed(id,
                    track.ownerId(), ProcessingStage.DONE, 100, ProcessingStatus.READY, null));
            return true;
        });
        if (!Boolean.TRUE.equals(published)) {
            // Deleted meanwhile (or taken over): whatever we wrote must not outlive the row.
            if (jobs.job(id).isEmpty()) {
                blobs.deleteAll(AudioLayout.trackPrefix(id));
            }
            throw new LeaseLostException();
        }
        log.info("track {} READY: {} segments, {} ms, {} LUFS", id, processed.segments().size(),
                processed.durationMs(), processed.loudnessLufs());
    }

    private void put(String key, byte[] content) {
        try {
            blobs.put(key, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** FAILED with a reason the uploader understands; the row stays to say so, the blobs go. */
    private void fail(ProcessingJobs.Job job, String reason) {
        UUID id = job.id();
        // The files go first, while the song is still this worker's: nobody sees FAILED with files left behind, and
        // a crash right after leaves a song without its original, which the next worker fails again.
        boolean stillOurs = jdbc.sql(
                        "SELECT COUNT(*) FROM track WHERE id = ? AND status = 'PROCESSING' AND lease_owner = ?")
                .params(id.toString(), workerId).query(Integer.class).single() == 1;
        if (stillOurs) {
            try {
                blobs.deleteAll(AudioLayout.trackPrefix(id));
            } catch (IOException e) {
                log.warn("could not delete the blobs of failed track {}: {}", id, e.toString());
            }
        }
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            int updated = jdbc.sql("""
                            UPDATE track SET status = 'FAILED', failure_reason = ?, lease_owner = NULL,
                                   lease_until = NULL, original_key = NULL, cover_key = NULL, updated_at = ?
                             WHERE id = ? AND status = 'PROCESSING' AND lease_owner = ?""")
                    .params(truncate(reason, 500), utc(now), id.toString(), workerId)
                    .update();
            if (updated == 1) {
                var progress = jdbc.sql("SELECT processing_stage, processing_percent FROM track WHERE id = ?")
                        .param(id.toString())
                        .query((rs, n) -> new TrackProcessingProgressed(id, job.ownerId(),
                                ProcessingStage.valueOf(rs.getString(1)), rs.getInt(2), ProcessingStatus.FAILED,
                                reason))
                        .single();
                outbox.publish(TrackEvents.TRACK_PROCESSING_PROGRESSED, progress);
            }
        });
        log.info("track {} FAILED: {}", id, reason);
    }

    /** Writes progress (throttled), an event per stage, and renews the lease; stops the track if it is gone. */
    private final class ProgressReporter {

        private final ProcessingJobs.Job job;
        private ProcessingStage stage;
        private long lastWrite;

        ProgressReporter(ProcessingJobs.Job job) {
            this.job = job;
        }

        void report(ProcessingStage newStage, int percent) throws InterruptedException {
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
            long nowMs = System.currentTimeMillis();
            boolean stageChanged = newStage != stage;
            if (!stageChanged && nowMs - lastWrite < PROGRESS_INTERVAL_MS) {
                return;
            }
            Instant now = clock.instant();
            Boolean ours = transactions.execute(status -> {
                boolean updated = jobs.progress(job.id(), workerId, newStage, percent, now,
                        now.plus(properties.lease()));
                if (updated && stageChanged) {
                    outbox.publish(TrackEvents.TRACK_PROCESSING_PROGRESSED, new TrackProcessingProgressed(job.id(),
                            job.ownerId(), newStage, percent, ProcessingStatus.PROCESSING, null));
                }
                return updated;
            });
            if (!Boolean.TRUE.equals(ours)) {
                throw new LeaseLostException();
            }
            stage = newStage;
            lastWrite = nowMs;
        }
    }

    /** The track was deleted or another worker took it over: stop without touching it. */
    static final class LeaseLostException extends RuntimeException {
        LeaseLostException() {
            super("the track is no longer this worker's", null, false, false);
        }
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private static void deleteRecursively(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            log.warn("could not clean {}: {}", folder, e.toString());
        }
    }

    List<UUID> activeTracks() {
        return List.copyOf(active);
    }
}
