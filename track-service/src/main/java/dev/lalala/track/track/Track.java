package dev.lalala.track.track;

import dev.lalala.events.Visibility;
import dev.lalala.events.track.ProcessingStage;
import dev.lalala.events.track.ProcessingStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** A song as stored. Measurements are null until the audio pipeline has made them. */
public record Track(
        UUID id,
        UUID ownerId,
        String title,
        String genre,
        List<String> tags,
        String description,
        Visibility visibility,
        ProcessingStatus status,
        ProcessingStage processingStage,
        int processingPercent,
        String failureReason,
        Long durationMs,
        Integer segmentCount,
        Integer sampleRate,
        Double gainDb,
        long playCount,
        long likeCount,
        Instant createdAt,
        Instant publishedAt,
        boolean hasCover,
        Double loudnessLufs,
        List<Double> waveform) {

    public Track {
        tags = tags == null ? List.of() : List.copyOf(tags);
        waveform = waveform == null ? List.of() : List.copyOf(waveform);
    }

    /** Where clients fetch the cover (through the gateway), or null without one. */
    public String coverUrl() {
        return hasCover ? "/api/tracks/" + id + "/cover/300.jpg" : null;
    }

    public Track withTags(List<String> newTags) {
        return new Track(id, ownerId, title, genre, newTags, description, visibility, status, processingStage,
                processingPercent, failureReason, durationMs, segmentCount, sampleRate, gainDb, playCount, likeCount,
                createdAt, publishedAt, hasCover, loudnessLufs, waveform);
    }

    public Track withWaveform(List<Double> peaks) {
        return new Track(id, ownerId, title, genre, tags, description, visibility, status, processingStage,
                processingPercent, failureReason, durationMs, segmentCount, sampleRate, gainDb, playCount, likeCount,
                createdAt, publishedAt, hasCover, loudnessLufs, peaks);
    }

    public boolean ownedBy(UUID userId) {
        return ownerId.equals(userId);
    }

    /**
     * Whether {@code viewer} may see this song: its owner always; anyone else only once it is published and not
     * private (an unlisted song is seen by whoever has its id).
     */
    public boolean visibleTo(Optional<UUID> viewer) {
        return visible(ownerId, status, visibility, viewer);
    }

    static boolean visible(UUID ownerId, ProcessingStatus status, Visibility visibility, Optional<UUID> viewer) {
        if (viewer.isPresent() && ownerId.equals(viewer.get())) {
            return true;
        }
        return status == ProcessingStatus.READY && visibility != Visibility.PRIVATE;
    }
}
