package dev.lalala.auth.session;

import static dev.lalala.auth.Db.utc;

import dev.lalala.auth.AuthProperties;
import dev.lalala.defaults.problem.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Counters in MariaDB ({@code login_throttle}), so every instance of auth-service sees the same ones.
 *
 * <p>Failed logins: per account ({@code account:<email>}, whether the account exists or not, so the lockout tells
 * nobody which emails are registered) and per client address ({@code address:<ip>}). After the free failures each
 * further one blocks the key for a doubling delay ({@code base-delay} 1 s, 2 s, 4 s ... up to {@code max-delay}); at the lock threshold
 * it is blocked for {@code lock-duration}. A blocked key answers 429 with Retry-After, even for the right password.
 *
 * <p>Mail requests: one per email per {@code mail-interval} ({@code mail:<purpose>:<email>}), the same for known and
 * unknown emails.
 */
@Component
public class Throttle {

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuthProperties.Throttle settings;

    public Throttle(JdbcClient jdbc, Clock clock, AuthProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = properties.getThrottle();
    }

    public static String accountKey(String email) {
        return "account:" + email.trim().toLowerCase(Locale.ROOT);
    }

    public static String addressKey(String address) {
        return "address:" + address;
    }

    /** @throws ApiException 429 with Retry-After when any of the keys is blocked */
    public void checkLogin(Collection<String> keys) {
        Instant now = clock.instant();
        Instant until = jdbc.sql("SELECT MAX(blocked_until) FROM login_throttle WHERE throttle_key IN (:keys)")
                .param("keys", List.copyOf(keys))
                .query((rs, n) -> rs.getObject(1, LocalDateTime.class))
                .optional()
                .map(t -> t.toInstant(ZoneOffset.UTC))
                .orElse(null);
        if (until != null && until.isAfter(now)) {
            throw tooMany("Too many failed logins. Try again later.", Duration.between(now, until));
        }
    }

    /** Counts a failed login against the account and the address. */
    @Transactional
    public void loginFailed(String accountKey, String addressKey) {
        fail(accountKey, settings.getAccountFreeFailures(), settings.getAccountLockFailures());
        fail(addressKey, settings.getAddressFreeFailures(), settings.getAddressLockFailures());
    }

    /** A successful login forgets the account's failures (not the address's: it may be guessing other accounts). */
    public void loginSucceeded(String accountKey) {
        jdbc.sql("DELETE FROM login_throttle WHERE throttle_key = :key").param("key", accountKey).update();
    }

    /**
     * Claims the one mail request allowed per interval for this key.
     *
     * @throws ApiException 429 with Retry-After when the last one was too recent
     */
    @Transactional
    public void claimMail(String key, Duration interval) {
        Instant now = clock.instant();
        upsert(key, now);
        Instant until = blockedUntil(key);
        if (until != null && until.isAfter(now)) {
            throw tooMany("A mail was sent to this address a moment ago. Try again later.",
                    Duration.between(now, until));
        }
        block(key, now.plus(interval));
    }

    private void fail(String key, int free, int lock) {
        Instant now = clock.instant();
        int failures = upsert(key, now);
        Instant until = null;
        if (failures >= lock) {
            until = now.plus(settings.getLockDuration());
        } else if (failures > free) {
            long millis = settings.getBaseDelay().toMillis() << Math.min(failures - free - 1, 20);
            until = now.plus(Duration.ofMillis(Math.min(millis, settings.getMaxDelay().toMillis())));
        }
        if (until != null) {
            block(key, until);
        }
    }

    /** Adds a failure (restarting the count when the last one is older than a lock) and returns the count. */
    private int upsert(String key, Instant now) {
        jdbc.sql("""
                        INSERT INTO login_throttle (throttle_key, failures, last_failure_at)
                        VALUES (:key, 1, :now)
                        ON DUPLICATE KEY UPDATE
                            failures = CASE WHEN last_failure_at < :forgetBefore THEN 1 ELSE failures + 1 END,
                            last_failure_at = :now""")
                .param("key", key)
                .param("now", utc(now))
                .param("forgetBefore", utc(now.minus(settings.getLockDuration())))
                .update();
        return jdbc.sql("SELECT failures FROM login_throttle WHERE throttle_key = :key")
                .param("key", key).query(Integer.class).single();
    }

    private Instant blockedUntil(String key) {
        return jdbc.sql("SELECT blocked_until FROM login_throttle WHERE throttle_key = :key")
                .param("key", key)
                .query((rs, n) -> rs.getObject(1, LocalDateTime.class))
                .optional()
                .map(t -> t.toInstant(ZoneOffset.UTC))
                .orElse(null);
    }

    private void block(String key, Instant until) {
        jdbc.sql("UPDATE login_throttle SET blocked_until = :until WHERE throttle_key = :key")
                .param("key", key).param("until", utc(until)).update();
    }

    /** Old rows go, so the table holds only recent trouble. */
    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    void forgetOldFailures() {
        Instant cutoff = clock.instant().minus(settings.getLockDuration()).minus(Duration.ofMinutes(1));
        jdbc.sql("""
                        DELETE FROM login_throttle
                        WHERE last_failure_at < :cutoff AND (blocked_until IS NULL OR blocked_until < :now)""")
                .param("cutoff", utc(cutoff)).param("now", utc(clock.instant())).update();
    }

    static ApiException tooMany(String detail, Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return ApiException.tooManyRequests(detail, seconds);
    }
}
