package dev.lalala.auth.mail;

import dev.lalala.auth.AuthProperties;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;

/**
 * The mails auth-service sends, with links to the web app ({@code lalala.web.base-url}). Called after the transaction
 * that created the token committed; the mail is queued and sent in the background ({@link MailQueue}: retried, and
 * logged without the token when it cannot go out), so the request does not wait for SMTP.
 */
@Component
public class AccountMails implements DisposableBean {

    /** A failed send is tried again after these delays (an SMTP server restarting, a timeout). */
    static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofMinutes(2));

    private final MailQueue queue;
    private final AuthProperties properties;
    private final String webBaseUrl;

    public AccountMails(JavaMailSender sender, AuthProperties properties,
            @Value("${lalala.web.base-url:http://127.0.0.1:8080}") String webBaseUrl) {
        this.queue = new MailQueue(sender, 2, 1000, RETRY_DELAYS);
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
        queue.submit(message, kind);
    }

    @Override
    public void destroy() {
        queue.close();
    }

    private static String human(Duration d) {
        if (d.toHours() >= 1 && d.toMinutesPart() == 0) {
            return d.toHours() == 1 ? "1 hour" : d.toHours() + " hours";
        }
        return d.toMinutes() + " minutes";
    }
}
