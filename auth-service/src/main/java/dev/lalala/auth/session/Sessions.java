package dev.lalala.auth.session;

import dev.lalala.auth.AuthProperties;
import dev.lalala.auth.Secrets;
import dev.lalala.auth.account.Credential;
import dev.lalala.auth.account.CredentialRepository;
import dev.lalala.auth.account.Passwords;
import dev.lalala.defaults.problem.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Login and sessions. A session is a family of refresh tokens: login starts one; each refresh replaces the token
 * presented by a new one of the same family. A refresh token that was already replaced (or revoked) and is presented
 * again means it was copied: the whole family is revoked, so whoever holds the newest token is logged out too, and
 * a thief's copy stops working as soon as the owner refreshes.
 */
@Service
public class Sessions {

    private static final Logger log = LoggerFactory.getLogger(Sessions.class);

    private final CredentialRepository credentials;
    private final Passwords passwords;
    private final RefreshTokens refreshTokens;
    private final AccessTokens accessTokens;
    private final Throttle throttle;
    private final Clock clock;
    private final Duration refreshLifetime;
    private final TransactionTemplate transactions;

    public Sessions(CredentialRepository credentials, Passwords passwords, RefreshTokens refreshTokens,
            AccessTokens accessTokens, Throttle throttle, Clock clock, AuthProperties properties,
            PlatformTransactionManager transactionManager) {
        this.credentials = credentials;
        this.passwords = passwords;
        this.refreshTokens = refreshTokens;
        this.accessTokens = accessTokens;
        this.throttle = throttle;
        this.clock = clock;
        this.refreshLifetime = properties.getRefreshTokenLifetime();
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * Checks the password (throttled per account and per client address) and starts a session.
     *
     * @throws ApiException 401 for a wrong email or password (the same answer for both), 429 when throttled
     */
    public TokenResponse login(String email, String password, String clientAddress) {
        // Counted against the account before Argon2 runs, so parallel guesses cannot all pass its limit.
        Throttle.LoginAttempt attempt = throttle.countLoginAttempt(Throttle.accountKey(email),
                Throttle.addressKey(clientAddress));
        Optional<Credential> credential = credentials.findByEmail(email);
        boolean ok;
        if (credential.isPresent()) {
            ok = passwords.matches(password, credential.get().passwordHash());
        } else {
            passwords.burnDecoy(password);
            ok = false;
        }
        if (!ok) {
            throttle.loginFailed(attempt);
            throw ApiException.unauthorized("The email or the password is wrong.");
        }
        throttle.loginSucceeded(attempt);
        return transactions.execute(status -> start(credential.get()));
    }

    /** Starts a session for a user who just proved who they are. Inside a transaction. */
    TokenResponse start(Credential credential) {
        UUID family = UUID.randomUUID();
        String refresh = Secrets.newToken();
        Instant now = now();
        refreshTokens.insert(Secrets.sha256(refresh), family, credential.userId(), now, now.plus(refreshLifetime));
        return tokens(credential, family, refresh);
    }

    private enum Outcome { OK, UNKNOWN, EXPIRED, REUSED }

    private record Refreshed(Outcome outcome, TokenResponse tokens) {
    }

    /**
     * Replaces a refresh token by a new one and a fresh access token (with the account's current claims, e.g.
     * {@code email_verified} after verification).
     *
     * @throws ApiException 401 when the token is unknown, expired, revoked, or reused (then the family is revoked)
     */
    public TokenResponse refresh(String refreshToken) {
        if (refreshToken == null || refreshToken.isBlank() || refreshToken.length() > 200) {
            throw ApiException.unauthorized("The refresh token is not valid.");
        }
        String hash = Secrets.sha256(refreshToken);
        Refreshed result = transactions.execute(status -> {
            Instant now = now();
            Optional<RefreshTokens.Row> found = refreshTokens.findForUpdate(hash);
            if (found.isEmpty()) {
                return new Refreshed(Outcome.UNKNOWN, null);
            }
            RefreshTokens.Row row = found.get();
            if (row.rotatedAt() != null || row.revokedAt() != null) {
                // Committed even though the caller gets a 401: that is the point.
                int revoked = refreshTokens.revokeFamily(row.familyId(), now);
                if (revoked > 0) {
                    log.warn("Refresh token reuse: revoked session {} of user {}", row.familyId(), row.userId());
                }
                return new Refreshed(Outcome.REUSED, null);
            }
            if (!row.expiresAt().isAfter(now)) {
                return new Refreshed(Outcome.EXPIRED, null);
            }
            Optional<Credential> credential = credentials.findById(row.userId());
            if (credential.isEmpty()) {
                return new Refreshed(Outcome.UNKNOWN, null);
            }
            refreshTokens.markRotated(hash, now);
            String next = Secrets.newToken();
            refreshTokens.insert(Secrets.sha256(next), row.familyId(), row.userId(), now, now.plus(refreshLifetime));
            return new Refreshed(Outcome.OK, tokens(credential.get(), row.familyId(), next));
        });
        return switch (result.outcome()) {
            case OK -> result.tokens();
            case REUSED -> throw ApiException.unauthorized(
                    "The refresh token was already used. For safety this session was ended everywhere; log in again.");
            case EXPIRED -> throw ApiException.unauthorized("The refresh token has expired; log in again.");
            case UNKNOWN -> throw ApiException.unauthorized("The refresh token is not valid.");
        };
    }

    /**
     * Ends the session (this device) the refresh token belongs to. Idempotent: an unknown or already revoked token
     * changes nothing. With a bearer token, the refresh token must be the caller's own.
     *
     * @throws ApiException 403 when {@code caller} is given and the session is someone else's
     */
    public void logout(String refreshToken, UUID caller) {
        if (refreshToken == null || refreshToken.isBlank() || refreshToken.length() > 200) {
            return;
        }
        Optional<RefreshTokens.Row> row = refreshTokens.find(Secrets.sha256(refreshToken));
        if (row.isEmpty()) {
            return;
        }
        if (caller != null && !caller.equals(row.get().userId())) {
            throw ApiException.forbidden("This session belongs to another account.");
        }
        refreshTokens.revokeFamily(row.get().familyId(), now());
    }

    /** Ends every session of the user. Access tokens already issued stay valid until they expire (15 min). */
    public int logoutEverywhere(UUID userId) {
        return refreshTokens.revokeAll(userId, null, now());
    }

    private TokenResponse tokens(Credential credential, UUID family, String refresh) {
        return new TokenResponse(accessTokens.issue(credential, family), refresh, "Bearer",
                accessTokens.lifetime().toSeconds());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
