package dev.lalala.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;

class InMemoryRateLimiterTest {

    static final class TestClock extends Clock {
        Instant now = Instant.parse("2026-12-06T20:00:00Z");

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    final TestClock clock = new TestClock();

    InMemoryRateLimiter limiter(int maxTracked) {
        return new InMemoryRateLimiter(Map.of("signup",
                new EdgeLimitsProperties.Rate(HttpMethod.POST, "/api/auth/signup", 3, Duration.ofMinutes(3))),
                maxTracked, clock);
    }

    @Test
    void aBucketEmptiesRefusesWithRetryAfterAndRefillsEvenly() {
        InMemoryRateLimiter limiter = limiter(100);
        for (int i = 0; i < 3; i++) {
            assertThat(limiter.tryConsume("signup", "192.0.2.1").isAllowed()).isTrue();
        }
        var refused = limiter.tryConsume("signup", "192.0.2.1");
        assertThat(refused.isAllowed()).isFalse();
        assertThat(refused.getHeaders()).containsEntry("Retry-After", "60");
        assertThat(limiter.tryConsume("signup", "192.0.2.2").isAllowed()).as("another address").isTrue();

        clock.now = clock.now.plusSeconds(61);
        assertThat(limiter.tryConsume("signup", "192.0.2.1").isAllowed()).isTrue();
        assertThat(limiter.tryConsume("signup", "192.0.2.1").isAllowed()).isFalse();
        assertThat(limiter.tryConsume("unknown-rule", "192.0.2.1").isAllowed()).isTrue();
    }

    @Test
    void fullBucketsAreForgottenWhenTooManyAddressesAreTracked() {
        InMemoryRateLimiter limiter = limiter(10);
        for (int i = 0; i < 10; i++) {
            limiter.tryConsume("signup", "198.51.100." + i);
        }
        clock.now = clock.now.plus(Duration.ofMinutes(5));
        limiter.tryConsume("signup", "203.0.113.1");
        assertThat(limiter.tracked()).isEqualTo(1);
    }
}
