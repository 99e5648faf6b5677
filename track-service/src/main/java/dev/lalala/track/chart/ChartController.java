package dev.lalala.track.chart;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.ProblemResponses;
import dev.lalala.track.genre.Genre;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Clock;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The charts: most played songs in the last 24 hours, 7 days and all time, overall and per genre. */
@RestController
@Tag(name = "Charts")
class ChartController {

    static final int DEFAULT_SIZE = 50;
    static final int MAX_SIZE = 100;

    private final ChartRepository charts;
    private final Clock clock;

    ChartController(ChartRepository charts, Clock clock) {
        this.charts = charts;
        this.clock = clock;
    }

    @GetMapping(path = "/api/charts/{window}", produces = "application/json")
    @Operation(summary = "A chart",
            description = """
                    The most played published public songs of the window, most played first. Only plays the \
                    streaming service verified (30 s or more heard) count. Public.""")
    @ApiResponse(responseCode = "200", description = "The chart; items is empty while nothing was played")
    @ProblemResponses.BadRequest
    Chart chart(
            @PathVariable @Parameter(schema = @Schema(allowableValues = {"24h", "7d", "all"})) String window,
            @RequestParam(required = false) @Parameter(description = "A genre id from GET /api/tracks/genres")
            String genre,
            @RequestParam(defaultValue = "" + DEFAULT_SIZE) @Min(1) @Max(MAX_SIZE)
            @Parameter(description = "How many places, 1 to 100") int limit) {
        ChartWindow chartWindow = ChartWindow.parse(window);
        Genre chartGenre = genre == null ? null : Genre.byId(genre).orElseThrow(() -> ApiException.badRequest(
                "unknown-genre", "There is no genre '" + genre + "'; GET /api/tracks/genres lists them."));
        return new Chart(chartWindow.id(), genre,
                charts.top(chartWindow, chartGenre, clock.instant(), limit));
    }
}
