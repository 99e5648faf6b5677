package dev.lalala.track.pipeline;

import dev.lalala.defaults.outbox.Outbox;
import dev.lalala.events.audio.AudioLayout;
import dev.lalala.events.audio.TrackManifest;
import dev.lalala.events.track.ProcessingStage;
import dev.lalala.events.track.ProcessingStatus;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.events.track.TrackProcessingProgressed;
import dev.lalala.track.TrackProperties;
import dev.lalala.blob.BlobStore;
import dev.lalala.track.track.Track;
import dev.lalala.track.track.TrackRepository;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.EnumMap;
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
    /** Meters (docs/observability.md): time per stage, time from claim to READY or FAILED, tracks in progress. */
    static final String STAGE_METRIC = "lalala.tracks.pipeline.stage";
    static final String DURATION_METRIC = "lalala.tracks.pipeline.duration";
    static final String ACTIVE_METRIC = "lalala.tracks.pipeline.active";

    /** The instance id ({@code InstanceId}): stable across restarts, so a restarted instance knows its own leases. */
    private final String workerId;
    private final AudioPipeline pipeline;
    private final ProcessingJobs jobs;
    private final TrackRepository tracks;
    private final BlobStore blobs;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final TrackProperties properties;
    private final Clock clock;
    private final Semaphore slots;
    private final Set<UUID> active = ConcurrentHashMap.newKeySet();
    private final Map<ProcessingStage, Timer> stageTimers = new EnumMap<>(ProcessingStage.class);
    private final Timer ready;
    private final Timer failed;
    private volatile ScheduledExecutorService scheduler;
    private volatile ExecutorService workers;

    public ProcessingWorker(AudioPipeline pipeline, ProcessingJobs jobs, TrackRepository tracks, BlobStore blobs,
            Outbox outbox, TransactionTemplate transactions, TrackProperties properties, Clock clock,
            String workerId, MeterRegistry meters) {
        this.workerId = workerId;
        this.pipeline = pipeline;
        this.jobs = jobs;
        this.tracks = tracks;
        this.blobs = blobs;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
        this.slots = new Semaphore(properties.concurrency());
        for (ProcessingStage stage : List.of(ProcessingStage.VALIDATING, ProcessingStage.SEGMENTING,
                ProcessingStage.ANALYZING, ProcessingStage.PUBLISHING)) {
            stageTimers.put(stage, histogram(Timer.builder(STAGE_METRIC)
                    .description("Time one upload spent in one stage of the audio pipeline")
                    .tag("stage", stage.name().toLowerCase(java.util.Locale.ROOT))).register(meters));
        }
        this.ready = histogram(Timer.builder(DURATION_METRIC)
                .description("From a worker claiming an upload to the song READY or FAILED")
                .tag("outcome", "ready")).register(meters);
        this.failed = histogram(Timer.builder(DURATION_METRIC)
                .description("From a worker claiming an upload to the song READY or FAILED")
                .tag("outcome", "failed")).register(meters);
        Gauge.builder(ACTIVE_METRIC, active, Set::size).description("Uploads this instance is processing now")
                .register(meters);
    }

    private static Timer.Builder histogram(Timer.Builder timer) {
        // Buckets, so that Prometheus computes p50/p99 over every instance (histogram_quantile).
        return timer.publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofMinutes(10));
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
        // First what this instance held when it went away (its leases may have most of their time left), then the rest.
        scheduler.execute(this::reclaimOwn);
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
                if (!dispatch(id)) {
                    return;
                }
            }
        } catch (RuntimeException e) {
            log.warn("polling for tracks to process failed: {}", e.toString());
        }
    }

    /**
     * Resumes at once the tracks whose lease names this instance: it died (or stopped) while processing them, and
     * came back under the same instance id. Another instance would wait for the lease to run out.
     */
    private void reclaimOwn() {
        try {
            List<UUID> own = jobs.reclaimOwn(workerId, clock.instant().plus(properties.lease()));
            if (!own.isEmpty()) {
                log.info("{} resumes {} track(s) it was processing before it restarted: {}", workerId, own.size(), own);
            }
            for (UUID id : own) {
                if (!slots.tryAcquire() || !dispatch(id)) {
                    // More than this instance may run at once (its concurrency was lowered): the rest go back to
                    // the pool, for the next poll of any instance.
                    jobs.release(id, workerId);
                }
            }
        } catch (RuntimeException e) {
            log.warn("taking back this instance's leases failed: {}; they resume when they run out", e.toString());
        }
    }

    /** Runs a claimed track on a worker thread (its slot taken); false when stopping. */
    private boolean dispatch(UUID id) {
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
            return true;
        } catch (RuntimeException e) {
            active.remove(id);
            slots.release();
            return false;
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
        long claimed = System.nanoTime();
        try {
            if (job.attempts() > properties.maxAttempts()) {
                fail(job, "We could not process this file: it stopped our audio pipeline " + properties.maxAttempts()
                        + " times. Try converting it to FLAC or MP3 and upload it again.");
                failed.record(System.nanoTime() - claimed, TimeUnit.NANOSECONDS);
                return;
            }
            if (job.originalKey() == null || !blobs.exists(job.originalKey())) {
                fail(job, "The uploaded file was lost before it could be processed; upload it again.");
                failed.record(System.nanoTime() - claimed, TimeUnit.NANOSECONDS);
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
            progress.stageEnded();
            ready.record(System.nanoTime() - claimed, TimeUnit.NANOSECONDS);
        } catch (AudioRejectedException e) {
            fail(job, e.getMessage());
            failed.record(System.nanoTime() - claimed, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            log.info("processing of track {} stopped ({}); it resumes when this instance starts again or its lease runs out",
                    id, e.toString());
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
            Track processing = tracks.lockProcessing(id, workerId).orElse(null);
            if (processing == null) {
                return false;
            }
            boolean coverFromTags = !processing.hasCover() && !tagCovers.isEmpty();
            if (coverFromTags) {
                for (var cover : tagCovers.entrySet()) {
                    put(AudioLayout.coverKey(id, cover.getKey()), cover.getValue());
                }
            }
            Track track = processing.publish(new Track.Measured(processed.durationMs(), processed.segments().size(),
                    AudioPipeline.SAMPLE_RATE, processed.gainDb(), processed.loudnessLufs(), processed.waveform(),
                    processed.tags().title(), coverFromTags), now);
            tracks.savePublished(track, AudioPipeline.SEGMENT_SAMPLES);
            TrackManifest manifest = new TrackManifest(TrackManifest.CURRENT_VERSION, id, track.ownerId(),
                    track.visibility(), AudioPipeline.SAMPLE_RATE, AudioPipeline.CHANNELS,
                    AudioPipeline.BITS_PER_SAMPLE, processed.segments().size(), AudioPipeline.SEGMENT_SAMPLES,
                    processed.lastSegmentSamples(), processed.totalSamples(), processed.durationMs(),
                    processed.loudnessLufs(), processed.gainDb(), processed.waveform(), wholeBytes, now);
            // Last of the blobs, once all segments are in place; inside the transaction so that a failure
            // here leaves the row PROCESSING (retried) instead of READY without a manifest.
            put(AudioLayout.manifestKey(id), manifest.toJson());
            outbox.publish(TrackEvents.TRACK_PUBLISHED, track.publishedEvent(AudioPipeline.SEGMENT_SAMPLES));
            outbox.publish(TrackEvents.TRACK_PROCESSING_PROGRESSED, track.progressEvent());
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
        if (jobs.holds(id, workerId)) {
            try {
                blobs.deleteAll(AudioLayout.trackPrefix(id));
            } catch (IOException e) {
                log.warn("could not delete the blobs of failed track {}: {}", id, e.toString());
            }
        }
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> tracks.lockProcessing(id, workerId).ifPresent(processing -> {
            Track failed = processing.fail(reason);
            tracks.saveFailed(failed, now);
            outbox.publish(TrackEvents.TRACK_PROCESSING_PROGRESSED, failed.progressEvent());
        }));
        log.info("track {} FAILED: {}", id, reason);
    }

    /** Writes progress (throttled), an event per stage, and renews the lease; stops the track if it is gone. */
    private final class ProgressReporter {

        private final ProcessingJobs.Job job;
        private ProcessingStage stage;
        private long lastWrite;
        private long stageStarted;

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
            if (stageChanged) {
                stageEnded();
                stageStarted = System.nanoTime();
            }
            stage = newStage;
            lastWrite = nowMs;
        }

        /** Records how long the current stage took (once it is over). */
        void stageEnded() {
            Timer timer = stage == null ? null : stageTimers.get(stage);
            if (timer != null) {
                timer.record(System.nanoTime() - stageStarted, TimeUnit.NANOSECONDS);
            }
        }
    }

    /** The track was deleted or another worker took it over: stop without touching it. */
    static final class LeaseLostException extends RuntimeException {
        LeaseLostException() {
            super("the track is no longer this worker's", null, false, false);
        }
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
