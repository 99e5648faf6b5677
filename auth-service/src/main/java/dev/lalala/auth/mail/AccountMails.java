package dev.lalala.auth.mail;

import dev.lalala.auth.AuthProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * The mails auth-service sends, with links to the web app ({@code lalala.web.base-url}). Sent after the transaction
 * that created the token committed; a mail that fails to go out is logged (without the token) and the user asks for
 * another one.
 */
@Component
public class AccountMails {

    private static final Logger log = LoggerFactory.getLogger(AccountMails.class);

    private final JavaMailSender sender;
    private final AuthProperties properties;
    private final String webBaseUrl;

    public AccountMails(JavaMailSender sender, AuthProperties properties,
            @Value("${lalala.web.base-url:http://127.0.0.1:8080}") String webBaseUrl) {
        this.sender = sender;
        this.properties = properties;
        this.webBaseUrl = webBaseUrl.endsWith("/") ? webBaseUrl.substring(0, webBaseUrl.length() - 1) : webBaseUrl;
    }

    public void sendVerification(String to, String displayName, String token) {
        String link = webBaseUrl + "/verify-email?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        send(to, "Confirm your email address for LALALA", """
                Hello %s,

                welcome to LALALA! Please confirm that this is your email address by opening this link:

                %s

                The link works once, for %s. Until you confirm, you can listen but not upload, comment or open rooms.
                If you did not sign up, ignore this mail.
                """.formatted(displayName == null ? "there" : displayName, link,
                human(properties.getVerificationTokenLifetime())), "verification");
    }

    public void sendPasswordReset(String to, String token) {
        String link = webBaseUrl + "/reset-password?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
        send(to, "Reset your LALALA password", """
                Hello,

                someone (hopefully you) asked to reset the password of the LALALA account of this address.
                Choose a new password here:

                %s

                The link works once, for %s. If it was not you, ignore this mail: your password stays as it is.
                """.formatted(link, human(properties.getResetTokenLifetime())), "password reset");
    }

    private void send(String to, String subject, String text, String kind) {
        SimpleMailMessage message = new SimpleMailMessage();
        message.setFrom(properties.getMailFrom());
        message.setTo(to);
        message.setSubject(subject);
        message.setText(text);
        try {
            sender.send(message);
        } catch (MailException e) {
            // Never the message itself: it holds the token.
            log.warn("Could not send the {} mail: {}", kind, e.getClass().getSimpleName());
        }
    }

    private static String human(Duration d) {
        if (d.toHours() >= 1 && d.toMinutesPart() == 0) {
            return d.toHours() == 1 ? "1 hour" : d.toHours() + " hours";
        }
        return d.toMinutes() + " minutes";
    }
}
