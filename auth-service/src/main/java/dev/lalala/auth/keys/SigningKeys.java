package dev.lalala.auth.keys;

import dev.lalala.auth.AuthProperties;
import dev.lalala.defaults.security.SecurityProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;

/** The service's signing keys: the one that signs, and the ones still published. */
@Service
public class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    private final SigningKeyRepository repository;
    private final Clock clock;
    private final Duration publishedAfterRetirement;

    public SigningKeys(SigningKeyRepository repository, Clock clock, AuthProperties auth, SecurityProperties security) {
        this.repository = repository;
        this.clock = clock;
        this.publishedAfterRetirement = auth.getAccessTokenLifetime().plus(security.getClockSkew());
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
                log.info("Created signing key {}", created.kid());
                return created;
            } catch (DuplicateKeyException e) {
                return repository.findActive().orElseThrow(() -> new IllegalStateException(
                        "Another instance created the active signing key, but it cannot be read", e));
            }
        });
    }

    /** The keys tokens may be checked against: the active key and those retired less than a token lifetime ago. */
    public List<SigningKey> published() {
        return repository.findPublished(clock.instant().minus(publishedAfterRetirement));
    }
}
