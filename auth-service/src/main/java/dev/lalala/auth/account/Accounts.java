package dev.lalala.auth.account;

import dev.lalala.auth.AuthProperties;
import dev.lalala.auth.mail.AccountMails;
import dev.lalala.auth.mail.EmailTokens;
import dev.lalala.auth.mail.EmailTokens.Purpose;
import dev.lalala.auth.session.RefreshTokens;
import dev.lalala.auth.session.Throttle;
import dev.lalala.defaults.outbox.Outbox;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.events.user.EmailVerified;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.events.user.UserEvents;
import dev.lalala.events.user.UserRegistered;
import dev.lalala.auth.mail.MailOutbox;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accounts: sign-up, email verification, password change and reset, deletion. Each change and its event (through
 * the outbox) commit together, and so does any mail it calls for (the mail outbox); mails go out after the commit.
 */
@Service
public class Accounts {

    /** What sign-up answers. */
    public record SignedUp(UUID userId, String handle) {
    }

    private static final int HANDLE_ATTEMPTS = 8;
    private static final String RESET_LINK_INVALID = "This reset link is not valid any more. Ask for a new one.";

    private final CredentialRepository credentials;
    private final Passwords passwords;
    private final PasswordPolicy policy;
    private final EmailTokens emailTokens;
    private final AccountMails mails;
    private final MailOutbox mailOutbox;
    private final RefreshTokens refreshTokens;
    private final Throttle throttle;
    private final Outbox outbox;
    private final Clock clock;
    private final AuthProperties properties;
    private final TransactionTemplate transactions;

    public Accounts(CredentialRepository credentials, Passwords passwords, PasswordPolicy policy,
            EmailTokens emailTokens, AccountMails mails, MailOutbox mailOutbox, RefreshTokens refreshTokens, Throttle throttle,
            Outbox outbox, Clock clock, AuthProperties properties, PlatformTransactionManager transactionManager) {
        this.credentials = credentials;
        this.passwords = passwords;
        this.policy = policy;
        this.emailTokens = emailTokens;
        this.mails = mails;
        this.mailOutbox = mailOutbox;
        this.refreshTokens = refreshTokens;
        this.throttle = throttle;
        this.outbox = outbox;
        this.clock = clock;
        this.properties = properties;
        this.transactions = new TransactionTemplate(transactionManager);
    }

    /**
     * Creates the account (email not yet verified), publishes UserRegistered and sends the verification mail.
     *
     * @throws ApiException 409 {@code email-unavailable} when the email has an account; 400 for a weak password
     */
    public SignedUp signUp(String email, String password, String displayName) {
        String normalized = CredentialRepository.normalizeEmail(email);
        policy.check("password", password, normalized);
        String name = displayName.strip();
        if (credentials.emailExists(normalized)) {
            throw emailUnavailable();
        }
        String hash = passwords.hash(password);
        String base = Handles.base(name, normalized);
        for (int attempt = 0; attempt < HANDLE_ATTEMPTS; attempt++) {
            String handle = attempt == 0 ? base : Handles.withSuffix(base, attempt);
            if (credentials.handleExists(handle)) {
                continue;
            }
            UUID userId = UUID.randomUUID();
            try {
                transactions.executeWithoutResult(status -> {
                    Instant now = now();
                    credentials.insert(userId, normalized, handle, hash, now);
                    outbox.publish(UserEvents.USER_REGISTERED, new UserRegistered(userId, normalized, name, handle, now));
                    Duration lifetime = properties.getVerificationTokenLifetime();
                    String token = emailTokens.issue(userId, Purpose.VERIFY_EMAIL, now, lifetime);
                    mails.sendVerification(userId, normalized, name, token, now, now.plus(lifetime));
                });
                return new SignedUp(userId, handle);
            } catch (DuplicateKeyException e) {
                if (credentials.emailExists(normalized)) {
                    throw emailUnavailable();
                }
                // The handle was taken in the meantime: try another.
            }
        }
        throw new IllegalStateException("no free handle for base '" + base + "' after " + HANDLE_ATTEMPTS + " attempts");
    }

    /**
     * Follows the link of the verification mail: the token is single-use and expires.
     *
     * @throws ApiException 400 {@code invalid-token} when it is unknown, used or expired
     */
    public void verifyEmail(String token) {
        boolean ok = Boolean.TRUE.equals(transactions.execute(status -> {
            Instant now = now();
            Optional<Credential> credential = useToken(token, Purpose.VERIFY_EMAIL, now);
            credential.ifPresent(c -> markVerified(c, now));
            return credential.isPresent();
        }));
        if (!ok) {
            throw invalidToken("This verification link is not valid any more. Ask for a new one.");
        }
    }

    /**
     * Sends a new verification mail (the older links stop working). Answers the same whether or not the email has
     * an account; one request per email per {@code mail-interval}, else 429.
     */
    public void resendVerification(String email) {
        String normalized = CredentialRepository.normalizeEmail(email);
        throttle.claimMail("mail:verify:" + normalized, properties.getMailInterval());
        Optional<Credential> credential = credentials.findByEmail(normalized);
        if (credential.isEmpty() || credential.get().emailVerified()) {
            return;
        }
        UUID userId = credential.get().userId();
        transactions.executeWithoutResult(status -> {
            Instant now = now();
            emailTokens.invalidateOthers(userId, Purpose.VERIFY_EMAIL, now);
            Duration lifetime = properties.getVerificationTokenLifetime();
            String token = emailTokens.issue(userId, Purpose.VERIFY_EMAIL, now, lifetime);
            mails.sendVerification(userId, normalized, null, token, now, now.plus(lifetime));
        });
    }

    /**
     * Changes the password; every other session of the user ends (the caller's, {@code sessionId}, stays).
     *
     * @throws ApiException 401 when the current password is wrong (throttled like a login), 400 for a weak one
     */
    public void changePassword(UUID userId, UUID sessionId, String currentPassword, String newPassword,
            String clientAddress) {
        Credential credential = credentials.findById(userId)
                .orElseThrow(() -> ApiException.unauthorized("The account does not exist any more."));
        checkPassword(credential, currentPassword, clientAddress, "currentPassword");
        policy.check("newPassword", newPassword, credential.email());
        String hash = passwords.hash(newPassword);
        transactions.executeWithoutResult(status -> {
            Instant now = now();
            credentials.updatePassword(userId, hash, now);
            refreshTokens.revokeAll(userId, sessionId, now);
        });
    }

    /** Sends a reset link if the email has an account; the same answer either way; rate limited per email. */
    public void requestPasswordReset(String email) {
        String normalized = CredentialRepository.normalizeEmail(email);
        throttle.claimMail("mail:reset:" + normalized, properties.getMailInterval());
        Optional<Credential> credential = credentials.findByEmail(normalized);
        if (credential.isEmpty()) {
            return;
        }
        UUID userId = credential.get().userId();
        transactions.executeWithoutResult(status -> {
            Instant now = now();
            emailTokens.invalidateOthers(userId, Purpose.RESET_PASSWORD, now);
            Duration lifetime = properties.getResetTokenLifetime();
            String token = emailTokens.issue(userId, Purpose.RESET_PASSWORD, now, lifetime);
            mails.sendPasswordReset(userId, normalized, token, now, now.plus(lifetime));
        });
    }

    /**
     * Sets a new password with the token from the reset mail; every session ends. Following the link also proves
     * the address, so an unverified email becomes verified.
     *
     * @throws ApiException 400 {@code invalid-token} or a validation problem
     */
    public void resetPassword(String token, String newPassword) {
        // The token first (read, not used up): a made-up token costs no Argon2 hash, and a refused password keeps
        // the link working.
        Credential account = emailTokens.findUsable(token, Purpose.RESET_PASSWORD, now())
                .flatMap(credentials::findById)
                .orElseThrow(() -> invalidToken(RESET_LINK_INVALID));
        policy.check("newPassword", newPassword, account.email());
        String hash = passwords.hash(newPassword);
        boolean ok = Boolean.TRUE.equals(transactions.execute(status -> {
            Instant now = now();
            // Used up here, so of two resets racing with one link only one wins.
            Optional<Credential> credential = useToken(token, Purpose.RESET_PASSWORD, now);
            if (credential.isEmpty()) {
                return false;
            }
            UUID userId = credential.get().userId();
            credentials.updatePassword(userId, hash, now);
            refreshTokens.revokeAll(userId, null, now);
            markVerified(credential.get(), now);
            // Whoever holds the link may log in at once, even if guessers had locked the account.
            throttle.forget(Throttle.accountKey(credential.get().email()));
            return true;
        }));
        if (!ok) {
            throw invalidToken(RESET_LINK_INVALID);
        }
    }

    /**
     * Deletes the account: credentials, sessions and mail tokens go, and UserDeleted tells the other services.
     *
     * @throws ApiException 401 when the password is wrong (throttled like a login)
     */
    public void delete(UUID userId, String password, String clientAddress) {
        Credential credential = credentials.findById(userId)
                .orElseThrow(() -> ApiException.unauthorized("The account does not exist any more."));
        checkPassword(credential, password, clientAddress, "password");
        transactions.executeWithoutResult(status -> {
            Instant now = now();
            refreshTokens.deleteAll(userId);
            emailTokens.deleteAll(userId);
            mailOutbox.deleteAll(userId);
            credentials.delete(userId);
            outbox.publish(UserEvents.USER_DELETED, new UserDeleted(userId, now));
        });
    }

    private void checkPassword(Credential credential, String password, String clientAddress, String field) {
        // Counted before Argon2 runs, like a login; the right password takes the attempt back.
        Throttle.LoginAttempt attempt = throttle.countLoginAttempt(Throttle.accountKey(credential.email()),
                Throttle.addressKey(clientAddress));
        if (!passwords.matches(password, credential.passwordHash())) {
            throttle.loginFailed(attempt);
            throw ApiException.unauthorized("The password is wrong.").with("field", field);
        }
        throttle.undo(attempt);
    }

    /** Uses up the single-use mail token and locks its account; empty when the token is not valid or the account gone. */
    private Optional<Credential> useToken(String token, Purpose purpose, Instant now) {
        return emailTokens.consume(token, purpose, now).flatMap(credentials::findByIdForUpdate);
    }

    /** Following a mail link proves the address: verified, and EmailVerified published, the first time only. */
    private void markVerified(Credential credential, Instant now) {
        if (credentials.markVerified(credential.userId(), now)) {
            outbox.publish(UserEvents.EMAIL_VERIFIED, new EmailVerified(credential.userId(), credential.email(), now));
        }
    }

    static ApiException emailUnavailable() {
        // Says no more than needed: not whether the account is verified, whose it is, or when it was made.
        return ApiException.conflict("email-unavailable",
                "This email address cannot be used to sign up. If it is yours, log in or reset your password.");
    }

    static ApiException invalidToken(String detail) {
        return ApiException.badRequest("invalid-token", detail);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
