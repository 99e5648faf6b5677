package dev.lalala.events.audio;

import dev.lalala.events.EventJson;
import dev.lalala.events.Visibility;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The file track-service writes next to a published track's segments ({@link AudioLayout#manifestKey}) and
 * rewrites whenever its visibility changes; streaming-service reads it to build the {@code track} header and to
 * decide who may hear the track, without calling track-service back.
 *
 * @param segmentSamples samples per channel in every segment but the last (220,500 = 5 s at 44.1 kHz)
 * @param lastSegmentSamples samples per channel in the last segment (at most {@code segmentSamples})
 * @param gainDb gain that brings the track to the platform's loudness target (EBU R128)
 * @param loudnessLufs the track's integrated loudness
 * @param waveform peak values 0..1, a few hundred of them, evenly spread over the track
 * @param wholeTrackBytes size of {@link AudioLayout#wholeTrackKey} in bytes
 */
public record TrackManifest(
        int version,
        UUID trackId,
        UUID ownerId,
        Visibility visibility,
        int sampleRate,
        int channels,
        int bitsPerSample,
        int segmentCount,
        int segmentSamples,
        int lastSegmentSamples,
        long totalSamples,
        long durationMs,
        double loudnessLufs,
        double gainDb,
        List<Double> waveform,
        long wholeTrackBytes,
        Instant publishedAt) {

    public static final int CURRENT_VERSION = 1;

    public TrackManifest {
        waveform = waveform == null ? List.of() : List.copyOf(waveform);
    }

    /** The segment holding a playback position, clamped to the track. */
    public int segmentAt(long positionMs) {
        if (positionMs <= 0) {
            return 0;
        }
        long sample = positionMs * sampleRate / 1000;
        return (int) Math.min(segmentCount - 1L, sample / segmentSamples);
    }

    /** Duration of one segment in milliseconds (all but the last). */
    public long segmentDurationMs() {
        return segmentSamples * 1000L / sampleRate;
    }

    /** Samples in segment {@code index}. */
    public int samplesIn(int index) {
        if (index < 0 || index >= segmentCount) {
            throw new IllegalArgumentException("no segment " + index + " in a track of " + segmentCount);
        }
        return index == segmentCount - 1 ? lastSegmentSamples : segmentSamples;
    }

    public TrackManifest withVisibility(Visibility newVisibility) {
        return new TrackManifest(version, trackId, ownerId, newVisibility, sampleRate, channels, bitsPerSample,
                segmentCount, segmentSamples, lastSegmentSamples, totalSamples, durationMs, loudnessLufs, gainDb,
                waveform, wholeTrackBytes, publishedAt);
    }

    public byte[] toJson() {
        return EventJson.mapper().writeValueAsString(this).getBytes(StandardCharsets.UTF_8);
    }

    public static TrackManifest fromJson(byte[] json) {
        return EventJson.mapper().readValue(json, TrackManifest.class);
    }
}
