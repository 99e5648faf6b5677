package dev.lalala.auth.mail;

import dev.lalala.auth.AuthProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The mails auth-service sends, with links to the web app ({@code lalala.web.base-url}). Called inside the
 * transaction that created the token: the mail goes into {@link MailOutbox} with it and {@link MailRelay} sends it
 * after the commit (retried until the link expires), so the request never waits for SMTP and no mail is lost to a
 * crash or an SMTP outage.
 */
@Component
public class AccountMails {

    private final MailOutbox outbox;
    private final MailRelay relay;
    private final AuthProperties properties;
    private final String webBaseUrl;

    public AccountMails(MailOutbox outbox, MailRelay relay, AuthProperties properties,
            @Value("${lalala.web.base-url:http://127.0.0.1:8080}") String webBaseUrl) {
        this.outbox = outbox;
        this.relay = relay;
        this.properties = properties;
        this.webBaseUrl = webBaseUrl.endsWith("/") ? webBaseUrl.substring(0, webBaseUrl.length() - 1) : webBaseUrl;
    }

    /** Queues the verification mail; inside the transaction that issued {@code token} (valid until {@code expiresAt}). */
    public void sendVerification(UUID userId, String to, String displayName, String token, Instant now,
            Instant expiresAt) {
        String link = webBaseUrl + "/verify-email?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        queue(userId, to, "Confirm your email address for LALALA", """
                Hello %s,

                welcome to LALALA! Please confirm that this is your email address by opening this link:

                %s

                The link works once, for %s. Until you confirm, you can listen but not upload, comment or open rooms.
                If you did not sign up, ignore this mail.
                """.formatted(displayName == null ? "there" : displayName, link,
                human(properties.getVerificationTokenLifetime())), "verification", now, expiresAt);
    }

    /** Queues the password-reset mail; inside the transaction that issued {@code token}. */
    public void sendPasswordReset(UUID userId, String to, String token, Instant now, Instant expiresAt) {
        String link = webBaseUrl + "/reset-password?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        queue(userId, to, "Reset your LALALA password", """
                Hello,

                someone (hopefully you) asked to reset the password of the LALALA account of this address.
                Choose a new password here:

                %s

                The link works once, for %s. If it was not you, ignore this mail: your password stays as it is.
                """.formatted(link, human(properties.getResetTokenLifetime())), "password reset", now, expiresAt);
    }

    private void queue(UUID userId, String to, String subject, String text, String kind, Instant now,
            Instant expiresAt) {
        outbox.add(userId, kind, to, subject, text, now, expiresAt);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wake();
            }
        });
    }

    private static String human(Duration d) {
        if (d.toHours() >= 1 && d.toMinutesPart() == 0) {
            return d.toHours() == 1 ? "1 hour" : d.toHours() + " hours";
        }
        return d.toMinutes() + " minutes";
    }
}
