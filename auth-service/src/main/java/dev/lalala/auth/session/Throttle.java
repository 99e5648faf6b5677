package dev.lalala.auth.session;

import static dev.lalala.defaults.jdbc.Db.instant;
import static dev.lalala.defaults.jdbc.Db.utc;

import dev.lalala.auth.AuthProperties;
import dev.lalala.defaults.problem.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.stream.Stream;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

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
    private final TransactionTemplate transactions;

    public Throttle(JdbcClient jdbc, Clock clock, AuthProperties properties,
            PlatformTransactionManager transactionManager) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.settings = properties.getThrottle();
        this.transactions = new TransactionTemplate(transactionManager);
    }

    public static String accountKey(String email) {
        return "account:" + email.trim().toLowerCase(Locale.ROOT);
    }

    public static String addressKey(String address) {
        return "address:" + address;
    }

    /** A login attempt counted against its account before the password is checked, with what undoes it. */
    public record LoginAttempt(String accountKey, String addressKey, Block account) {
    }

    /** The block an attempt set on a key (null: none) and the one it replaced. */
    public record Block(Instant set, Instant previous) {
    }

    /**
     * Counts a login attempt as a failure against the account before the password is checked: the account's row is
     * locked while its block is checked and its count raised, so parallel guesses at one account cannot all slip
     * past its limit. A success takes the count back ({@link #loginSucceeded}, {@link #undo}); a failure also counts
     * against the address ({@link #loginFailed}). The address is only read here, not locked: every login from one
     * address (a whole office behind one NAT) would otherwise queue on that one row.
     *
     * @throws ApiException 429 with Retry-After when the account or the address is blocked (nothing is counted then)
     */
    public LoginAttempt countLoginAttempt(String accountKey, String addressKey) {
        for (int round = 1; ; round++) {
            try {
                return transactions.execute(status -> count(accountKey, addressKey));
            } catch (PessimisticLockingFailureException e) {
                // InnoDB may pick a deadlock victim when parallel attempts create the same new row: try again.
                if (round == 3) {
                    throw e;
                }
            }
        }
    }

    private LoginAttempt count(String accountKey, String addressKey) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        Row account = lockRow(accountKey, now);
        Instant addressBlock = jdbc.sql("SELECT blocked_until FROM login_throttle WHERE throttle_key = :key")
                .param("key", addressKey)
                .query((rs, n) -> instant(rs, "blocked_until"))
                .optional().orElse(null);
        Instant until = Stream.of(account.blockedUntil(), addressBlock)
                .filter(t -> t != null && t.isAfter(now)).max(Instant::compareTo).orElse(null);
        if (until != null) {
            throw tooMany("Too many failed logins. Try again later.", Duration.between(now, until));
        }
        return new LoginAttempt(accountKey, addressKey,
                fail(account, now, settings.getAccountFreeFailures(), settings.getAccountLockFailures()));
    }

    /** The key's row, made to exist (0 failures) and locked until the transaction ends. */
    private Row lockRow(String key, Instant now) {
        // Insert first: a locking read of a missing row would take gap locks, which parallel inserts deadlock on.
        jdbc.sql("""
                        INSERT INTO login_throttle (throttle_key, failures, last_failure_at) VALUES (:key, 0, :now)
                        ON DUPLICATE KEY UPDATE failures = failures""")
                .param("key", key).param("now", utc(now)).update();
        return jdbc.sql("""
                        SELECT throttle_key, failures, last_failure_at, blocked_until FROM login_throttle
                        WHERE throttle_key = :key FOR UPDATE""")
                .param("key", key)
                .query((rs, n) -> new Row(rs.getString(1), rs.getInt(2), instant(rs, "last_failure_at"),
                        instant(rs, "blocked_until")))
                .single();
    }

    /** The password was wrong: the failure also counts against the address. */
    public void loginFailed(LoginAttempt attempt) {
        transactions.executeWithoutResult(status -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            fail(lockRow(attempt.addressKey(), now), now, settings.getAddressFreeFailures(),
                    settings.getAddressLockFailures());
        });
    }

    /** The password was right: the account's failures are forgotten (not the address's: it may guess others). */
    public void loginSucceeded(LoginAttempt attempt) {
        forget(attempt.accountKey());
    }

    /** The password was right but is no login (e.g. a password change): the attempt is taken back. */
    public void undo(LoginAttempt attempt) {
        undo(attempt.accountKey(), attempt.account());
    }

    /** Forgets every failure of the key (a successful login or password reset lifts the account's lockout). */
    public void forget(String key) {
        jdbc.sql("DELETE FROM login_throttle WHERE throttle_key = :key").param("key", key).update();
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

    private record Row(String key, int failures, Instant lastFailureAt, Instant blockedUntil) {
    }

    /** Raises the count (restarting it when the last failure is older than a lock) and blocks as it requires. */
    private Block fail(Row row, Instant now, int free, int lock) {
        int failures = row.lastFailureAt().isBefore(now.minus(settings.getLockDuration())) ? 1 : row.failures() + 1;
        Instant until = null;
        if (failures >= lock) {
            until = now.plus(settings.getLockDuration());
        } else if (failures > free) {
            long millis = settings.getBaseDelay().toMillis() << Math.min(failures - free - 1, 20);
            until = now.plus(Duration.ofMillis(Math.min(millis, settings.getMaxDelay().toMillis())));
        }
        jdbc.sql("""
                        UPDATE login_throttle SET failures = :failures, last_failure_at = :now,
                            blocked_until = COALESCE(:until, blocked_until)
                        WHERE throttle_key = :key""")
                .param("key", row.key()).param("failures", failures).param("now", utc(now))
                .param("until", utc(until)).update();
        return new Block(until, row.blockedUntil());
    }

    private void undo(String key, Block block) {
        // Lifts the block this attempt set, unless a later failure has replaced it since.
        jdbc.sql("""
                        UPDATE login_throttle SET failures = GREATEST(failures - 1, 0),
                            blocked_until = CASE WHEN :set IS NOT NULL AND blocked_until = :set THEN :previous
                                                 ELSE blocked_until END
                        WHERE throttle_key = :key""")
                .param("key", key).param("set", utc(block.set())).param("previous", utc(block.previous())).update();
        jdbc.sql("""
                        DELETE FROM login_throttle
                        WHERE throttle_key = :key AND failures = 0 AND (blocked_until IS NULL OR blocked_until < :now)""")
                .param("key", key).param("now", utc(clock.instant())).update();
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
