package dev.lalala.defaults.security.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Accounts whose access tokens no longer count, though unexpired: deleted accounts, fed by {@code UserDeleted}
 * ({@link RevocationFeed}). Checked as a token rule, so every request with such a token ends in a 401 problem of type
 * {@code account-revoked}. An entry is kept only as long as a token issued before it could still be valid (the
 * access-token lifetime plus the clock skew); after that every such token has expired anyway, so memory stays
 * bounded by the deletions of one token lifetime.
 */
public class RevokedAccounts implements OAuth2TokenValidator<Jwt> {

    /** The OAuth2 error code of a revoked account's token; the problem handlers turn it into its own type. */
    public static final String ERROR_CODE = "account_revoked";
    public static final String PROBLEM_SLUG = "account-revoked";

    private static final OAuth2Error REVOKED = new OAuth2Error(ERROR_CODE,
            "The account this token belongs to was deleted", null);

    private final Map<String, Instant> revoked = new ConcurrentHashMap<>();
    private final Duration keep;
    private final Clock clock;

    /** @param keep how long a token can outlive its account: the access-token lifetime plus clock skew */
    public RevokedAccounts(Duration keep, Clock clock) {
        this.keep = keep;
        this.clock = clock;
    }

    /** The account's tokens stop counting now (whenever the event says it was deleted). */
    public void revoke(String subject, Instant at) {
        revoked.merge(subject, at, (a, b) -> a.isAfter(b) ? a : b);
        forgetExpired();
    }

    public boolean isRevoked(String subject) {
        Instant at = subject == null ? null : revoked.get(subject);
        return at != null && at.isAfter(clock.instant().minus(keep));
    }

    public Optional<Instant> revokedAt(String subject) {
        return Optional.ofNullable(revoked.get(subject));
    }

    /** The oldest deletion that still matters: older ones concern expired tokens only. */
    public Instant horizon() {
        return clock.instant().minus(keep);
    }

    public int size() {
        return revoked.size();
    }

    void forgetExpired() {
        Instant horizon = horizon();
        revoked.values().removeIf(at -> at.isBefore(horizon));
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        return isRevoked(token.getSubject()) ? OAuth2TokenValidatorResult.failure(REVOKED)
                : OAuth2TokenValidatorResult.success();
    }

    /** Whether an authentication failure was a revoked account's token (the error travels as a cause). */
    public static boolean causedByRevocation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof org.springframework.security.oauth2.jwt.JwtValidationException invalid
                    && invalid.getErrors().stream().anyMatch(e -> ERROR_CODE.equals(e.getErrorCode()))) {
                return true;
            }
            if (t instanceof org.springframework.security.oauth2.core.OAuth2AuthenticationException oauth
                    && ERROR_CODE.equals(oauth.getError().getErrorCode())) {
                return true;
            }
        }
        return false;
    }
}
