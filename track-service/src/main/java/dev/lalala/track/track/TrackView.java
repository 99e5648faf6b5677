package dev.lalala.track.track;

import dev.lalala.events.Visibility;
import dev.lalala.events.track.ProcessingStage;
import dev.lalala.events.track.ProcessingStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A song as clients see it. {@code processing} is shown to the owner only. */
@Schema(description = "A song")
public record TrackView(
        UUID id,
        UUID ownerId,
        String title,
        @Schema(description = "Genre id, one of GET /api/tracks/genres", example = "k-pop") String genre,
        List<String> tags,
        String description,
        Visibility visibility,
        ProcessingStatus status,
        @Schema(description = "Where the audio pipeline is; the owner's view only") Processing processing,
        Long durationMs,
        Integer segmentCount,
        Integer sampleRate,
        @Schema(description = "Gain to the platform's loudness target, in dB") Double gainDb,
        long playCount,
        long likeCount,
        Instant createdAt,
        Instant publishedAt,
        @Schema(description = "Cover image (300 px JPEG; 1200.jpg for the large one), absent without a cover")
        String coverUrl,
        @Schema(description = "Peaks 0..1 over the song, for the player; on a single song only") List<Double> waveform) {

    public record Processing(ProcessingStage stage, int percent, String failureReason) {
    }

    public static TrackView of(Track track, boolean ownerView) {
        return new TrackView(track.id(), track.ownerId(), track.title(), track.genre(), track.tags(),
                track.description(), track.visibility(), track.status(),
                ownerView ? new Processing(track.processingStage(), track.processingPercent(), track.failureReason())
                        : null,
                track.durationMs(), track.segmentCount(), track.sampleRate(), track.gainDb(), track.playCount(),
                track.likeCount(), track.createdAt(), track.publishedAt(), track.coverUrl(),
                track.waveform().isEmpty() ? null : track.waveform());
    }
}
