package dev.lalala.track.chart;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The most played songs of a window, most played first. */
@Schema(description = "A chart: the most played songs of a window")
public record Chart(
        @Schema(example = "24h", allowableValues = {"24h", "7d", "all"}) String window,
        @Schema(description = "The genre the chart is limited to; absent for the overall chart", example = "jazz")
        String genre,
        List<Entry> items) {

    @Schema(description = "One place in a chart")
    public record Entry(
            @Schema(description = "1 for the most played") int rank,
            @Schema(description = "Verified plays within the window") long plays,
            UUID trackId,
            UUID ownerId,
            String title,
            String genre,
            Long durationMs,
            Instant publishedAt) {
    }
}
