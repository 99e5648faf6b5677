package dev.lalala.track;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * Limits and knobs of uploads and the audio pipeline ({@code lalala.tracks.*}).
 *
 * @param maxUploadSize largest audio upload; enforced while the body streams in
 * @param maxCoverSize largest cover image
 * @param maxDuration longest song
 * @param workDir scratch folder for decoded PCM and encoded pieces (deleted after each track)
 * @param concurrency tracks processed at once (this machine has two cores: one by default)
 * @param lease how long a worker's claim on a track lasts without a heartbeat; a crashed worker's track is
 *     resumed by another worker after this
 * @param pollInterval how often idle workers look for work (an upload also wakes them at once)
 * @param maxAttempts a track that keeps failing the worker (crash, timeout) is FAILED after this many claims
 * @param ffmpegTimeout longest one ffmpeg call may run
 * @param ffmpegNice {@code nice} level of ffmpeg, so processing yields the CPU to the services
 * @param loudnessTarget the platform's loudness target in LUFS; each track gets the gain to reach it
 * @param stageDelay a pause between stages; zero in production, set by tests to catch a track mid-processing
 */
@ConfigurationProperties("lalala.tracks")
public record TrackProperties(
        @DefaultValue("200MB") DataSize maxUploadSize,
        @DefaultValue("10MB") DataSize maxCoverSize,
        @DefaultValue("20m") Duration maxDuration,
        Path workDir,
        @DefaultValue("1") int concurrency,
        @DefaultValue("60s") Duration lease,
        @DefaultValue("1s") Duration pollInterval,
        @DefaultValue("3") int maxAttempts,
        @DefaultValue("10m") Duration ffmpegTimeout,
        @DefaultValue("10") int ffmpegNice,
        @DefaultValue("-14") double loudnessTarget,
        @DefaultValue("0s") Duration stageDelay) {

    public TrackProperties {
        if (workDir == null) {
            workDir = Path.of(System.getProperty("java.io.tmpdir"), "lalala-track-work");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("lalala.tracks.concurrency must be at least 1");
        }
    }
}
