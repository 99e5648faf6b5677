package dev.lalala.auth.mail;

import static dev.lalala.auth.support.Http.body;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.auth.AuthServiceApplication;
import dev.lalala.auth.support.Http;
import dev.lalala.infra.Component;
import dev.lalala.infra.MailMessage;
import dev.lalala.infra.MailReader;
import dev.lalala.infra.test.LocalInfra;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The crash drill of issue 20 as a test: SMTP is down while three people sign up, auth-service goes away and a new
 * instance starts, SMTP is back: each of the three gets its verification mail, exactly once, and the link in it
 * works. Real MariaDB (its own database, so no other test context's relay can send these mails), Kafka and GreenMail.
 */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA, Component.MAIL}, databases = "auth_mail")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lalala.auth.mail-retry-max-delay=3s", "lalala.web.base-url=https://app.example.test"})
class MailOutboxIT {

    static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_-]+)");

    /** Where "SMTP" is while it is down: a port nothing listens on. */
    static final int DEAD_SMTP_PORT = freePort();

    @DynamicPropertySource
    static void smtpDown(DynamicPropertyRegistry registry) {
        registry.add("spring.mail.port", () -> DEAD_SMTP_PORT);
    }

    @LocalServerPort int port;
    @Autowired ConfigurableEnvironment environment;
    @Autowired JdbcTemplate jdbc;
    @Autowired MailRelay relay;

    @Test
    void mailsQueuedWhileSmtpIsDownGoOutOnceAfterARestart() throws Exception {
        MailReader mail = new MailReader(environment.getRequiredProperty("lalala.infra.mail.api-url"));
        Http http = new Http(port);
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String email = "outage-" + i + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            HttpResponse<String> signUp = http.post("/api/auth/signup",
                    body("email", email, "password", "correct horse battery staple", "displayName", "Outage " + i));
            assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(201);
            emails.add(email);
        }

        // Each mail is queued with its sign-up and tried; SMTP refuses, so it stays PENDING with a later attempt due.
        awaitUntil(() -> emails.stream().allMatch(e -> attempts(e) >= 1), Duration.ofSeconds(30));
        for (String email : emails) {
            Map<String, Object> row = jdbc.queryForMap("SELECT * FROM mail_outbox WHERE recipient = ?", email);
            assertThat(row.get("status")).isEqualTo("PENDING");
            assertThat(row.get("kind")).isEqualTo("verification");
            // The body holds the token: stored encrypted only.
            assertThat((String) row.get("body")).startsWith("v1:").doesNotContain("token=");
            assertThat(mail.mailbox(email).messages()).isEmpty();
        }

        // The instance goes away (its in-memory state with it); a new one starts, and SMTP is back.
        relay.stop();
        try (ConfigurableApplicationContext restarted = startAnotherInstance()) {
            for (String email : emails) {
                MailMessage message = mail.mailbox(email).awaitMessage(Duration.ofSeconds(60));
                assertThat(message.subject()).contains("Confirm your email");
            }
            awaitUntil(() -> emails.stream().allMatch(e -> "SENT".equals(status(e))), Duration.ofSeconds(10));
            // A few more relay rounds: nothing is sent a second time.
            Thread.sleep(3_000);
            for (String email : emails) {
                assertThat(mail.mailbox(email).messages()).as(email).hasSize(1);
            }

            // The link in the mail works.
            int restartedPort = Integer.parseInt(restarted.getEnvironment().getRequiredProperty("local.server.port"));
            String text = mail.mailbox(emails.getFirst()).messages().getFirst().text();
            Matcher token = TOKEN.matcher(text);
            assertThat(token.find()).as(text).isTrue();
            HttpResponse<String> verify = new Http(restartedPort).post("/api/auth/email/verify",
                    body("token", token.group(1)));
            assertThat(verify.statusCode()).as(verify.body()).isEqualTo(204);
        }
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM mail_outbox WHERE status = 'PENDING' AND recipient IN (?, ?, ?)",
                Integer.class, emails.toArray())).isZero();
    }

    /** A second auth-service on the same database, with the real SMTP server. */
    private ConfigurableApplicationContext startAnotherInstance() {
        List<String> args = new ArrayList<>();
        if (environment.getPropertySources().get("lalalaLocalInfra") instanceof EnumerablePropertySource<?> infra) {
            for (String name : infra.getPropertyNames()) {
                if (name.equals("spring.mail.port")) {
                    continue;
                }
                args.add("--" + name + "=" + infra.getProperty(name));
            }
        }
        args.add("--server.port=0");
        args.add("--spring.mail.port=" + environment.getRequiredProperty("lalala.infra.mail.smtp-port"));
        args.add("--lalala.auth.mail-retry-max-delay=3s");
        args.add("--lalala.kafka.instance-id=auth-service-mail-it");
        return new SpringApplicationBuilder(AuthServiceApplication.class).run(args.toArray(String[]::new));
    }

    private int attempts(String email) {
        List<Integer> a = jdbc.queryForList("SELECT attempts FROM mail_outbox WHERE recipient = ?", Integer.class, email);
        return a.isEmpty() ? 0 : a.getFirst();
    }

    private String status(String email) {
        return jdbc.queryForObject("SELECT status FROM mail_outbox WHERE recipient = ?", String.class, email);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void awaitUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("in time").isLessThan(deadline);
            Thread.sleep(100);
        }
    }
}
