package dev.lalala.auth.keys;

import com.nimbusds.jose.jwk.RSAKey;
import dev.lalala.auth.AuthProperties;
import dev.lalala.defaults.security.SecurityProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The service's signing keys: the one that signs, and the ones still published. */
@Service
public class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final SigningKeyRepository repository;
    private final Clock clock;
    private final Duration publishedAfterRetirement;
    private final Duration maxAge;
    private final TransactionTemplate transactions;
    /** The active key, read again after {@link #CACHE_FOR}: another instance may have rotated it. */
    private volatile SigningKey cached;
    private volatile Instant cachedAt = Instant.EPOCH;
    /** Bumped whenever this instance creates or rotates a key, so its own token checks see the new key at once. */
    private final AtomicLong generation = new AtomicLong();
    private volatile Published published;

    static final Duration CACHE_FOR = Duration.ofSeconds(10);

    public SigningKeys(SigningKeyRepository repository, Clock clock, AuthProperties auth, SecurityProperties security,
            PlatformTransactionManager transactionManager) {
        this.repository = repository;
        this.clock = clock;
        this.publishedAfterRetirement = auth.getAccessTokenLifetime().plus(security.getClockSkew());
        this.maxAge = auth.getSigningKeyMaxAge();
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * The key new tokens are signed with. Cached briefly; right after another instance rotated, this one may sign
     * with the previous key for a few seconds, which is harmless: the previous key is still published.
     */
    public SigningKey signingKey() {
        Instant now = clock.instant();
        SigningKey key = cached;
        if (key == null || cachedAt.plus(CACHE_FOR).isBefore(now)) {
            key = ensureActiveKey();
            cached = key;
            cachedAt = now;
        }
        return key;
    }

    /**
     * Retires the active key and makes a new one, in one transaction. Tokens signed with the old key stay valid:
     * it is published until they expire. When several instances rotate at once, one wins; the others see that the
     * key they meant to retire is already retired and keep the winner's.
     *
     * @return the new active key
     */
    public SigningKey rotate() {
        SigningKey current = ensureActiveKey();
        SigningKey next = transactions.execute(status -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            if (!repository.retire(current.kid(), now)) {
                return null;
            }
            SigningKey created = SigningKey.of(RsaKeys.generate(), now);
            repository.insert(created);
            return created;
        });
        if (next == null) {
            return ensureActiveKey();
        }
        log.info("Rotated signing key {} -> {}", current.kid(), next.kid());
        generation.incrementAndGet();
        cached = next;
        cachedAt = clock.instant();
        return next;
    }

    /** Rotates the active key once it is older than {@code lalala.auth.signing-key-max-age}. */
    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    public void rotateWhenOld() {
        SigningKey active = ensureActiveKey();
        if (active.createdAt().plus(maxAge).isBefore(clock.instant())) {
            rotate();
        }
    }

    /**
     * The active key, created if there is none. Idempotent, and safe when several instances start at once on an
     * empty table: the database allows one active key only, so the instances that lose the race use the winner's.
     */
    public SigningKey ensureActiveKey() {
        return repository.findActive().orElseGet(() -> {
            SigningKey created = SigningKey.of(RsaKeys.generate(), clock.instant().truncatedTo(ChronoUnit.MILLIS));
            try {
                repository.insert(created);
                generation.incrementAndGet();
                log.info("Created signing key {}", created.kid());
                return created;
            } catch (DuplicateKeyException e) {
                return repository.findActive().orElseThrow(() -> new IllegalStateException(
                        "Another instance created the active signing key, but it cannot be read", e));
            }
        });
    }

    /** {@link #published(Duration)} with the usual cache time. */
    public List<RSAKey> published() {
        return published(CACHE_FOR);
    }

    /**
     * The keys tokens may be checked against, as public JWKs: the active key and those retired less than a token
     * lifetime ago. Served from memory (the JWKS route and every bearer check ask), read again when older than
     * {@code maxAge} or when this instance made a key since it was read, so a new key of this instance is published
     * and accepted at once; another instance's new key is seen within {@code maxAge}.
     */
    public List<RSAKey> published(Duration maxAge) {
        Instant now = clock.instant();
        Published current = published;
        if (current == null || current.generation() != generation.get() || current.readAt().plus(maxAge).isBefore(now)) {
            long seen = generation.get();
            current = new Published(repository.findPublished(now.minus(publishedAfterRetirement)), now, seen);
            published = current;
        }
        return current.keys();
    }

    /** Drops the cached keys, so the next read sees the table: after {@code signing_key} was changed by hand. */
    public void forgetCachedKeys() {
        cached = null;
        generation.incrementAndGet();
    }

    private record Published(List<RSAKey> keys, Instant readAt, long generation) {
    }
}
