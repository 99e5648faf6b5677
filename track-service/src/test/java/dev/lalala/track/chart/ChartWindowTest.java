package dev.lalala.track.chart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.ProblemTypes;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ChartWindowTest {

    @Test
    void parsesTheThreeWindows() {
        assertThat(ChartWindow.parse("24h")).isEqualTo(ChartWindow.LAST_24_HOURS);
        assertThat(ChartWindow.parse("7d")).isEqualTo(ChartWindow.LAST_7_DAYS);
        assertThat(ChartWindow.parse("all")).isEqualTo(ChartWindow.ALL_TIME);
        assertThat(ChartWindow.LAST_24_HOURS.length()).contains(Duration.ofHours(24));
        assertThat(ChartWindow.LAST_7_DAYS.length()).contains(Duration.ofDays(7));
        assertThat(ChartWindow.ALL_TIME.length()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "24H", "1d", "30d", "ALL", "week", "LAST_24_HOURS"})
    void refusesAnythingElseAsABadRequest(String window) {
        assertThatThrownBy(() -> ChartWindow.parse(window))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(400);
                    assertThat(e.type()).isEqualTo(ProblemTypes.of("unknown-chart-window"));
                    assertThat(e.properties()).containsKey("allowed");
                });
    }
}
