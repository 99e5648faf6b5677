package dev.lalala.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.lalala.auth.AuthProperties;
import dev.lalala.defaults.security.SecurityProperties;
import dev.lalala.testsupport.TestClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.SimpleTransactionStatus;

/** The published keys are served from memory, yet a key this instance makes is published at once. */
class SigningKeysTest {

    final TestClock clock = TestClock.at(Instant.parse("2025-01-01T00:00:00Z"));
    final FakeRepository repository = new FakeRepository();
    final SigningKeys keys = new SigningKeys(repository, clock, new AuthProperties(), new SecurityProperties(),
            new NoTransactions());

    @Test
    void thePublishedKeysAreReadOnceWithinTheCacheTime() {
        keys.ensureActiveKey();
        List<RSAKey> first = keys.published();
        clock.advance(Duration.ofSeconds(9));
        assertThat(keys.published()).isEqualTo(first);
        assertThat(keys.published(Duration.ofSeconds(10))).isEqualTo(first);
        assertThat(repository.publishedReads).hasValue(1);

        clock.advance(Duration.ofSeconds(2));
        keys.published();
        assertThat(repository.publishedReads).hasValue(2);
        // A shorter max age (the JWKS route, an unknown kid) reads again sooner.
        clock.advance(Duration.ofMillis(1500));
        keys.published(Duration.ofSeconds(1));
        assertThat(repository.publishedReads).hasValue(3);
    }

    @Test
    void aKeyThisInstanceMakesIsPublishedAtOnce() {
        String first = keys.ensureActiveKey().kid();
        assertThat(keys.published()).extracting(RSAKey::getKeyID).containsExactly(first);

        clock.advance(Duration.ofMinutes(1));
        String second = keys.rotate().kid();
        assertThat(keys.published()).extracting(RSAKey::getKeyID).containsExactly(second, first);
        assertThat(keys.published()).allSatisfy(k -> assertThat(k.isPrivate()).isFalse());
    }

    /** A signing_key table in memory that counts the reads of the published keys. */
    static final class FakeRepository extends SigningKeyRepository {

        final AtomicInteger publishedReads = new AtomicInteger();
        private volatile List<SigningKey> rows = List.of();

        FakeRepository() {
            super(null, null);
        }

        @Override
        public Optional<SigningKey> findActive() {
            return rows.stream().filter(SigningKey::active).findFirst();
        }

        @Override
        public List<RSAKey> findPublished(Instant retiredAfter) {
            publishedReads.incrementAndGet();
            return rows.stream().filter(k -> k.active() || k.retiredAt().isAfter(retiredAfter))
                    .sorted((a, b) -> b.createdAt().compareTo(a.createdAt()))
                    .map(SigningKey::publicJwk).toList();
        }

        @Override
        public void insert(SigningKey key) {
            rows = java.util.stream.Stream.concat(rows.stream(), java.util.stream.Stream.of(key)).toList();
        }

        @Override
        public boolean retire(String kid, Instant now) {
            rows = rows.stream().map(k -> k.kid().equals(kid) && k.active()
                    ? new SigningKey(k.kid(), k.publicKey(), k.privateKey(), k.createdAt(), now) : k).toList();
            return true;
        }
    }

    static final class NoTransactions implements PlatformTransactionManager {
        @Override
        public TransactionStatus getTransaction(TransactionDefinition definition) {
            return new SimpleTransactionStatus();
        }

        @Override
        public void commit(TransactionStatus status) {
        }

        @Override
        public void rollback(TransactionStatus status) {
        }
    }

}
