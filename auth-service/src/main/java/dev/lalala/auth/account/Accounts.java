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
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Accounts: sign-up, email verification, password change and reset, deletion. Each change and its event (through
 * the outbox) commit together; mails go out after the commit.
 */
@Service
public class Accounts {

    /** What sign-up answers. */
    public record SignedUp(UUID userId, String handle) {
    }

    private static final int HANDLE_ATTEMPTS = 8;

    private final CredentialRepository credentials;
    private final Passwords passwords;
    private final PasswordPolicy policy;
    private final EmailTokens emailTokens;
    private final AccountMails mails;
    private final RefreshTokens refreshTokens;
    private final Throttle throttle;
    private final Outbox outbox;
    private final Clock clock;
    private final AuthProperties properties;
    private final TransactionTemplate transactions;

    public Accounts(CredentialRepository credentials, Passwords passwords, PasswordPolicy policy,
            EmailTokens emailTokens, AccountMails mails, RefreshTokens refreshTokens, Throttle throttle,
            Outbox outbox, Clock clock, AuthProperties properties, PlatformTransactionManager transactionManager) {
        this.credentials = credentials;
        this.passwords = passwords;
        this.policy = policy;
        this.emailTokens = emailTokens;
        this.mails = mails;
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
                String token = transactions.execute(status -> {
                    Instant now = now();
                    credentials.insert(userId, normalized, handle, hash, now);
                    outbox.publish(UserEvents.USER_REGISTERED, new UserRegistered(userId, normalized, name, handle, now));
                    return emailTokens.issue(userId, Purpose.VERIFY_EMAIL, now, properties.getVerificationTokenLifetime());
                });
                mails.sendVerification(normalized, name, token);
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
            Optional<UUID> userId = emailTokens.consume(token, Purpose.VERIFY_EMAIL, now);
            if (userId.isEmpty()) {
                return false;
            }
            Optional<Credential> credential = credentials.findByIdForUpdate(userId.get());
            if (credential.isEmpty()) {
                return false;
            }
            if (credentials.markVerified(userId.get(), now)) {
                outbox.publish(UserEvents.EMAIL_VERIFIED, new EmailVerified(userId.get(), credential.get().email(), now));
            }
            return true;
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
        String token = transactions.execute(status -> {
            Instant now = now();
            emailTokens.invalidateOthers(userId, Purpose.VERIFY_EMAIL, now);
            return emailTokens.issue(userId, Purpose.VERIFY_EMAIL, now, properties.getVerificationTokenLifetime());
        });
        mails.sendVerification(normalized, null, token);
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
        String token = transactions.execute(status -> {
            Instant now = now();
            emailTokens.invalidateOthers(userId, Purpose.RESET_PASSWORD, now);
            return emailTokens.issue(userId, Purpose.RESET_PASSWORD, now, properties.getResetTokenLifetime());
        });
        mails.sendPasswordReset(normalized, token);
    }

    /**
     * Sets a new password with the token from the reset mail; every session ends. Following the link also proves
     * the address, so an unverified email becomes verified.
     *
     * @throws ApiException 400 {@code invalid-token} or a validation problem
     */
    public void resetPassword(String token, String newPassword) {
        // The password rule first (without the email: the token is not consumed by a refused password).
        String problem = policy.problem(newPassword, null);
        if (problem != null) {
            throw PasswordPolicy.validation("newPassword", problem);
        }
        String hash = passwords.hash(newPassword);
        boolean ok = Boolean.TRUE.equals(transactions.execute(status -> {
            Instant now = now();
            Optional<UUID> userId = emailTokens.consume(token, Purpose.RESET_PASSWORD, now);
            if (userId.isEmpty()) {
                return false;
            }
            Optional<Credential> credential = credentials.findByIdForUpdate(userId.get());
            if (credential.isEmpty()) {
                return false;
            }
            credentials.updatePassword(userId.get(), hash, now);
            refreshTokens.revokeAll(userId.get(), null, now);
            if (credentials.markVerified(userId.get(), now)) {
                outbox.publish(UserEvents.EMAIL_VERIFIED, new EmailVerified(userId.get(), credential.get().email(), now));
            }
            return true;
        }));
        if (!ok) {
            throw invalidToken("This reset link is not valid any more. Ask for a new one.");
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
            credentials.delete(userId);
            outbox.publish(UserEvents.USER_DELETED, new UserDeleted(userId, now));
        });
    }

    private void checkPassword(Credential credential, String password, String clientAddress, String field) {
        String accountKey = Throttle.accountKey(credential.email());
        String addressKey = Throttle.addressKey(clientAddress);
        throttle.checkLogin(List.of(accountKey, addressKey));
        if (!passwords.matches(password, credential.passwordHash())) {
            throttle.loginFailed(accountKey, addressKey);
            throw ApiException.unauthorized("The password is wrong.").with("field", field);
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
