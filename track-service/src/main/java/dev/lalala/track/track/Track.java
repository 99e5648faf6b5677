package dev.lalala.track.track;

import dev.lalala.events.Visibility;
import dev.lalala.events.track.ProcessingStage;
import dev.lalala.events.track.ProcessingStatus;
import dev.lalala.events.track.TrackProcessingProgressed;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.events.track.TrackUpdated;
import dev.lalala.events.track.TrackUploaded;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * A song: the aggregate that owns the {@code track} row and its tags. Its state changes (uploaded, edited, given a
 * cover, published, failed) are methods here that return the new state; {@link TrackRepository} stores that state,
 * and the events are made from it in memory, in the same transaction (nothing is written and read back).
 * Measurements are null until the audio pipeline has made them.
 *
 * @param titleFromTags the title is only a default (from the file name): the file's own title tag replaces it
 */
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
        List<Double> waveform,
        boolean titleFromTags) {

    public Track {
        tags = tags == null ? List.of() : List.copyOf(tags);
        waveform = waveform == null ? List.of() : List.copyOf(waveform);
    }

    /** Where clients fetch the cover (through the gateway), or null without one. */
    public String coverUrl() {
        return hasCover ? "/api/tracks/" + id + "/cover/300.jpg" : null;
    }

    /** A song just received: PROCESSING, stage RECEIVED; {@code title} null means "take it from the file". */
    public static Track uploaded(UUID id, UUID ownerId, String title, String defaultTitle, String genre,
            List<String> tags, String description, Visibility visibility, boolean hasCover, Instant now) {
        return new Track(id, ownerId, title != null ? title : defaultTitle, genre, tags, description, visibility,
                ProcessingStatus.PROCESSING, ProcessingStage.RECEIVED, 0, null, null, null, null, null, 0, 0, now,
                null, hasCover, null, null, title == null);
    }

    public Track withTags(List<String> newTags) {
        return new Track(id, ownerId, title, genre, newTags, description, visibility, status, processingStage,
                processingPercent, failureReason, durationMs, segmentCount, sampleRate, gainDb, playCount, likeCount,
                createdAt, publishedAt, hasCover, loudnessLufs, waveform, titleFromTags);
    }

    public Track withWaveform(List<Double> peaks) {
        return new Track(id, ownerId, title, genre, tags, description, visibility, status, processingStage,
                processingPercent, failureReason, durationMs, segmentCount, sampleRate, gainDb, playCount, likeCount,
                createdAt, publishedAt, hasCover, loudnessLufs, peaks, titleFromTags);
    }

    /**
     * The owner's edit: null leaves a field as it is (for the description, only when {@code descriptionGiven} is
     * false: a given blank description clears it). A title the owner chose is never replaced by a tag.
     */
    public Track edit(String newTitle, String newGenre, List<String> newTags, boolean descriptionGiven,
            String newDescription, Visibility newVisibility) {
        return new Track(id, ownerId, newTitle != null ? newTitle : title, newGenre != null ? newGenre : genre,
                newTags != null ? newTags : tags, descriptionGiven ? newDescription : description,
                newVisibility != null ? newVisibility : visibility, status, processingStage, processingPercent,
                failureReason, durationMs, segmentCount, sampleRate, gainDb, playCount, likeCount, createdAt,
                publishedAt, hasCover, loudnessLufs, waveform, titleFromTags && newTitle == null);
    }

    public Track withCover() {
        return new Track(id, ownerId, title, genre, tags, description, visibility, status, processingStage,
                processingPercent, failureReason, durationMs, segmentCount, sampleRate, gainDb, playCount, likeCount,
                createdAt, publishedAt, true, loudnessLufs, waveform, titleFromTags);
    }

    /** What the pipeline measured, and what the file's tags offer as defaults. */
    public record Measured(long durationMs, int segmentCount, int sampleRate, double gainDb, double loudnessLufs,
            List<Double> waveform, String tagTitle, boolean tagCover) {
    }

    /**
     * READY: the measurements in; the file's title tag becomes the title if the uploader gave none, its art the cover
     * if the song has none (the owner may have uploaded one while it was processed).
     */
    public Track publish(Measured measured, Instant now) {
        String tagTitle = TrackFields.cleanLine(measured.tagTitle(), TrackFields.MAX_TITLE);
        boolean takeTag = titleFromTags && tagTitle != null;
        return new Track(id, ownerId, takeTag ? tagTitle : title, genre, tags, description, visibility,
                ProcessingStatus.READY, ProcessingStage.DONE, 100, null, measured.durationMs(), measured.segmentCount(),
                measured.sampleRate(), measured.gainDb(), playCount, likeCount, createdAt, now,
                hasCover || measured.tagCover(), measured.loudnessLufs(), measured.waveform(), titleFromTags);
    }

    /** FAILED with the reason the uploader reads; the song keeps no files, so no cover either. */
    public Track fail(String reason) {
        String shortReason = reason.length() <= 500 ? reason : reason.substring(0, 500);
        return new Track(id, ownerId, title, genre, tags, description, visibility, ProcessingStatus.FAILED,
                processingStage, processingPercent, shortReason, durationMs, segmentCount, sampleRate, gainDb,
                playCount, likeCount, createdAt, publishedAt, false, loudnessLufs, waveform, titleFromTags);
    }

    public TrackUploaded uploadedEvent(String filename, long bytes) {
        return new TrackUploaded(id, ownerId, title, genre, tags, visibility, filename, bytes);
    }

    public TrackUpdated updatedEvent() {
        return new TrackUpdated(id, ownerId, title, genre, tags, description, visibility, coverUrl());
    }

    /** The published song as the other services learn it; {@code segmentSamples}: samples per full segment. */
    public TrackPublished publishedEvent(int segmentSamples) {
        if (status != ProcessingStatus.READY) {
            throw new IllegalStateException("track " + id + " is " + status + ", not published");
        }
        return new TrackPublished(id, ownerId, title, genre, tags, description, visibility, durationMs, segmentCount,
                segmentSamples, sampleRate, gainDb, coverUrl(), publishedAt);
    }

    /** Where the song's processing stands, for the owner's progress bar. */
    public TrackProcessingProgressed progressEvent() {
        return new TrackProcessingProgressed(id, ownerId, processingStage, processingPercent, status, failureReason);
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
