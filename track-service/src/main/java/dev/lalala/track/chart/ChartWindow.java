package dev.lalala.track.chart;

import dev.lalala.defaults.problem.ApiException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.stream.Collectors;

/** The periods charts count plays over. */
public enum ChartWindow {
    LAST_24_HOURS("24h", Duration.ofHours(24)),
    LAST_7_DAYS("7d", Duration.ofDays(7)),
    ALL_TIME("all", null);

    private final String id;
    private final Duration length;

    ChartWindow(String id, Duration length) {
        this.id = id;
        this.length = length;
    }

    /** As in the URL: {@code 24h}, {@code 7d}, {@code all}. */
    public String id() {
        return id;
    }

    /** How far back the window reaches; empty for all time. */
    public Optional<Duration> length() {
        return Optional.ofNullable(length);
    }

    /** @throws ApiException 400 for anything but 24h, 7d and all */
    public static ChartWindow parse(String id) {
        return Arrays.stream(values())
                .filter(w -> w.id.equals(id))
                .findFirst()
                .orElseThrow(() -> ApiException.badRequest("unknown-chart-window",
                                "There is no chart window '" + id + "'; use one of " + ids() + ".")
                        .with("allowed", Arrays.stream(values()).map(ChartWindow::id).toList()));
    }

    private static String ids() {
        return Arrays.stream(values()).map(ChartWindow::id).collect(Collectors.joining(", "));
    }
}
