package dev.lalala.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import dev.lalala.infra.test.LocalInfra;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import org.junit.jupiter.api.Test;

@LocalInfra(Component.MAIL)
class MailIT {

    @Test
    void deliversOverSmtpAndReadsBackThroughTheMailbox(Infrastructure infra) throws Exception {
        String to = "listener-" + UUID.randomUUID() + "@example.com";
        String cc = "cc-" + UUID.randomUUID() + "@example.com";
        Session session = session(infra);
        MimeMessage message = new MimeMessage(session);
        message.setFrom(new InternetAddress("noreply@lalala.dev"));
        message.setRecipient(Message.RecipientType.TO, new InternetAddress(to));
        message.setRecipient(Message.RecipientType.CC, new InternetAddress(cc));
        message.setSubject("이메일 인증 🎵 Verify your email", "UTF-8");
        MimeBodyPart text = new MimeBodyPart();
        text.setText("Hello 안녕! Open https://lalala.dev/verify?token=abc123", "UTF-8");
        MimeBodyPart html = new MimeBodyPart();
        html.setContent("<p>Hello 안녕! <a href=\"https://lalala.dev/verify?token=abc123\">Verify</a></p>", "text/html; charset=UTF-8");
        MimeMultipart alternative = new MimeMultipart("alternative", text, html);
        message.setContent(alternative);
        Transport.send(message);

        MailMessage received = infra.mailbox(to).awaitMessage(Duration.ofSeconds(10));
        assertThat(received.subject()).isEqualTo("이메일 인증 🎵 Verify your email");
        assertThat(received.from()).isEqualTo("noreply@lalala.dev");
        assertThat(received.to()).containsExactly(to);
        assertThat(received.cc()).containsExactly(cc);
        assertThat(received.text()).contains("Hello 안녕!");
        assertThat(received.html()).contains("<a href=");
        assertThat(received.links()).containsExactly("https://lalala.dev/verify?token=abc123");
        assertThat(received.receivedAt()).isNotNull();
        assertThat(infra.mailbox(cc.toUpperCase()).awaitMessage(m -> m.subject().contains("Verify"), Duration.ofSeconds(10)))
                .extracting(MailMessage::mailbox).isEqualTo(cc);
        assertThat(infra.mail().messages()).extracting(MailMessage::mailbox).contains(to, cc);

        infra.mailbox(to).clear();
        assertThat(infra.mailbox(to).messages()).isEmpty();
        assertThat(infra.mailbox(cc).messages()).hasSize(1);
    }

    @Test
    void awaitingFailsClearlyWhenNothingArrives(Infrastructure infra, MailReader mail) {
        assertThat(mail.apiUrl()).isEqualTo(infra.mailApiUrl());
        assertThatThrownBy(() -> mail.mailbox("nobody@example.com").awaitMessage(Duration.ofMillis(300)))
                .isInstanceOf(AssertionError.class).hasMessageContaining("nobody@example.com");
    }

    @Test
    void plainTextMailAndSmtpAuthFromSpringAreAccepted(Infrastructure infra) throws Exception {
        String to = "plain-" + UUID.randomUUID() + "@example.com";
        Properties props = new Properties();
        props.put("mail.smtp.host", infra.smtpHost());
        props.put("mail.smtp.port", Integer.toString(infra.smtpPort()));
        props.put("mail.smtp.auth", "true");
        Session session = Session.getInstance(props);
        MimeMessage message = new MimeMessage(session);
        message.setFrom("a@lalala.dev");
        message.setRecipients(Message.RecipientType.TO, to);
        message.setSubject("plain");
        message.setText("just text");
        Transport.send(message, "any-user", "any-password");
        assertThat(infra.mailbox(to).awaitMessages(1, Duration.ofSeconds(10)).getFirst().text()).isEqualTo("just text");
        assertThat(infra.springProperties(List.of(Component.MAIL), List.of()))
                .containsEntry("spring.mail.host", "127.0.0.1")
                .containsEntry("spring.mail.port", Integer.toString(infra.smtpPort()));
    }

    private static Session session(Infrastructure infra) {
        Properties props = new Properties();
        props.put("mail.smtp.host", infra.smtpHost());
        props.put("mail.smtp.port", Integer.toString(infra.smtpPort()));
        return Session.getInstance(props);
    }
}
