package dev.lalala.chat.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClockSyncTest {

    @Test
    void aSymmetricRoundTripGivesTheExactOffset() {
        // Server 1,000 ms ahead; 40 ms each way.
        ClockSync.Sample sample = new ClockSync.Sample(10_000, 11_040, 10_080);
        assertThat(sample.offset()).isEqualTo(1_000.0);
        assertThat(sample.roundTrip()).isEqualTo(80);
    }

    @Test
    void slowAsymmetricSamplesAreOutvotedByTheFastOnes() {
        List<ClockSync.Sample> samples = List.of(
                new ClockSync.Sample(0, 1_010, 20),      // 10 ms each way: offset 1000
                new ClockSync.Sample(100, 1_111, 122),   // offset 1000
                new ClockSync.Sample(200, 1_400, 500),   // 200 ms out, 100 back: offset 1050, slow
                new ClockSync.Sample(600, 1_609, 618),   // offset 1000
                new ClockSync.Sample(700, 1_702, 1_300)); // 2 ms out, 598 back: offset 702, slow
        assertThat(ClockSync.offset(samples)).isCloseTo(1_000.0, within(0.5));
    }

    @Test
    void aLateJoinerComputesThePositionEveryoneElseHears() {
        // The room started position 0 at server time 50,000; the client's clock is 1,000 ms behind the server.
        double offset = 1_000;
        assertThat(ClockSync.positionAt(60_000, offset, 50_000)).isEqualTo(11_000.0);
        // Two listeners with different clocks, same server instant, same position.
        assertThat(ClockSync.positionAt(61_000, 0, 50_000)).isEqualTo(ClockSync.positionAt(59_500, 1_500, 50_000));
    }
}
