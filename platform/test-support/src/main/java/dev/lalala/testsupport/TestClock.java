package dev.lalala.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock a test moves forward: stopped at an instant, or the real time plus whatever the test added. UTC. */
public final class TestClock extends Clock {

    private final Clock source;
    private final AtomicReference<Duration> added = new AtomicReference<>(Duration.ZERO);

    private TestClock(Clock source) {
        this.source = source;
    }

    /** Stands still at {@code instant} until {@link #advance}d. */
    public static TestClock at(Instant instant) {
        return new TestClock(Clock.fixed(instant, ZoneOffset.UTC));
    }

    /** Runs with the system clock, plus what {@link #advance} added: for a service that also waits in real time. */
    public static TestClock realTime() {
        return new TestClock(Clock.systemUTC());
    }

    public void advance(Duration by) {
        added.accumulateAndGet(by, Duration::plus);
    }

    @Override
    public Instant instant() {
        return source.instant().plus(added.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
