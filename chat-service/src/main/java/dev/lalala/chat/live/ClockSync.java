package dev.lalala.chat.live;

import java.util.Comparator;
import java.util.List;

/**
 * The clock-sync math a client runs on {@code time} round trips (NTP-style), written here as the reference the web
 * app and the benchmark follow and the tests check. One sample: the client sent at {@code t0} (its clock), the server
 * stamped {@code serverTime}, the answer arrived at {@code t3} (its clock). Assuming the two legs take equally long,
 * the server's clock is ahead of the client's by {@code serverTime - (t0 + t3) / 2}, within {@code ± (t3 - t0) / 2}.
 * Of several samples the ones with the shortest round trip are the least disturbed: take the median offset of the
 * fastest half.
 */
public final class ClockSync {

    public record Sample(long t0, long serverTime, long t3) {

        public long roundTrip() {
            return t3 - t0;
        }

        /** Server clock minus client clock, by this sample. */
        public double offset() {
            return serverTime - (t0 + t3) / 2.0;
        }
    }

    private ClockSync() {
    }

    /** Server clock minus client clock: the median offset of the fastest half of the samples (at least one). */
    public static double offset(List<Sample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("no samples");
        }
        List<Sample> fastest = samples.stream().sorted(Comparator.comparingLong(Sample::roundTrip))
                .limit(Math.max(1, (samples.size() + 1) / 2)).sorted(Comparator.comparingDouble(Sample::offset))
                .toList();
        int n = fastest.size();
        return n % 2 == 1 ? fastest.get(n / 2).offset()
                : (fastest.get(n / 2 - 1).offset() + fastest.get(n / 2).offset()) / 2;
    }

    /** Where a playing room's song is at a client time, given the room's startedAt and the clock offset. */
    public static double positionAt(long clientNow, double offset, long startedAt) {
        return clientNow + offset - startedAt;
    }
}
