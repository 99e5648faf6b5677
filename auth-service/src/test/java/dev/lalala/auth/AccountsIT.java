package dev.lalala.auth;

import dev.lalala.defaults.jdbc.Db;
import static dev.lalala.auth.support.Http.body;
import static dev.lalala.auth.support.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import dev.lalala.auth.account.Passwords;
import dev.lalala.auth.support.Http;
import dev.lalala.infra.Component;
import dev.lalala.infra.MailMessage;
import dev.lalala.infra.MailReader;
import dev.lalala.infra.test.LocalInfra;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Sign-up, the real verification mail (GreenMail), verification, login, refresh rotation with reuse detection, logout,
 * lockout, password change and reset, deletion: auth-service over HTTP on real MariaDB, Kafka and SMTP.
 */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA, Component.MAIL}, databases = "auth")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lalala.auth.throttle.account-free-failures=2",
        // Long enough that "the next attempt is still blocked" holds on a loaded machine.
        "lalala.auth.throttle.base-delay=5s",
        "lalala.auth.throttle.account-lock-failures=4",
        "lalala.auth.throttle.address-free-failures=6",
        "lalala.auth.throttle.address-lock-failures=8",
        "lalala.web.base-url=https://app.example.test"})
@ExtendWith(OutputCaptureExtension.class)
class AccountsIT {

    static final Pattern TOKEN = Pattern.compile("[?&]token=([A-Za-z0-9_-]+)");
    static final String PASSWORD = "correct horse battery staple";

    /** Passwords that count the Argon2 hashes made. */
    @TestConfiguration
    static class CountingPasswords {
        static final AtomicInteger HASHES = new AtomicInteger();

        @Bean
        @Primary
        Passwords countingPasswords() {
            return new Passwords() {
                @Override
                public String hash(String raw) {
                    HASHES.incrementAndGet();
                    return super.hash(raw);
                }
            };
        }
    }

    @LocalServerPort int port;
    @Autowired Environment environment;
    @Autowired JdbcTemplate jdbc;
    @Autowired TokenSweep sweep;

    Http http;
    MailReader mail;
    /** Each test logs in from its own address, so per-address counters of one test do not spill into another. */
    String clientAddress;

    @BeforeEach
    void setUp() {
        http = new Http(port);
        mail = new MailReader(environment.getRequiredProperty("lalala.infra.mail.api-url"));
        jdbc.update("DELETE FROM login_throttle");
        clientAddress = "192.0.2." + (int) (Math.random() * 250 + 1);
    }

    @Test
    void signUpVerifyLoginRefresh() throws Exception {
        String email = unique("Mina.Park");
        HttpResponse<String> signUp = http.post("/api/auth/signup",
                body("email", email, "password", PASSWORD, "displayName", "Mina Park"));
        assertThat(signUp.statusCode()).as(signUp.body()).isEqualTo(201);
        JsonNode created = json(signUp);
        UUID userId = UUID.fromString(created.path("userId").asString());
        assertThat(created.path("handle").asString()).startsWith("mina_park");
        assertThat(signUp.body()).doesNotContain(PASSWORD).doesNotContain("argon2");

        // The password is stored as an Argon2id hash; the email lower-cased.
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM credential WHERE user_id = ?", userId.toString());
        assertThat((String) row.get("password_hash")).startsWith("{argon2}$argon2id$");
        assertThat(row.get("email")).isEqualTo(email.toLowerCase());
        assertThat(row.get("email_verified")).isEqualTo(false);

        // UserRegistered went into the outbox with the handle.
        String registered = jdbc.queryForObject(
                "SELECT payload FROM outbox_event WHERE event_key = ? AND event_type LIKE '%UserRegistered%'",
                String.class, userId.toString());
        assertThat(Http.JSON.readTree(registered).findValue("handle").asString()).isEqualTo(created.path("handle").asString());

        // Before verifying: the user may log in, the token says not verified.
        JsonNode early = json(login(email, PASSWORD, 200));
        assertThat(claims(early.path("accessToken").asString()).getBooleanClaim("email_verified")).isFalse();

        // The real mail, with a link to the web app.
        MailMessage message = mail.mailbox(email).awaitMessage(Duration.ofSeconds(20));
        assertThat(message.text()).contains("https://app.example.test/verify-email?token=");
        String token = token(message);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM email_token WHERE token_hash = ?", Integer.class,
                Secrets.sha256(token))).isEqualTo(1);

        assertThat(http.post("/api/auth/email/verify", body("token", token)).statusCode()).isEqualTo(204);
        // Single use.
        assertProblem(http.post("/api/auth/email/verify", body("token", token)), 400, "invalid-token");
        assertThat(jdbc.queryForObject("SELECT email_verified FROM credential WHERE user_id = ?", Boolean.class,
                userId.toString())).isTrue();
        assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM outbox_event WHERE event_key = ? AND event_type LIKE '%EmailVerified%'",
                Integer.class, userId.toString())).isEqualTo(1);

        // Refreshing the early session now yields a verified token.
        JsonNode refreshed = json(refresh(early.path("refreshToken").asString(), 200));
        assertThat(claims(refreshed.path("accessToken").asString()).getBooleanClaim("email_verified")).isTrue();

        JsonNode tokens = json(login(email.toUpperCase(), PASSWORD, 200));
        assertThat(tokens.path("tokenType").asString()).isEqualTo("Bearer");
        assertThat(tokens.path("expiresIn").asLong()).isEqualTo(900);
        SignedJWT jwt = SignedJWT.parse(tokens.path("accessToken").asString());
        assertThat(jwt.getHeader().getAlgorithm().getName()).isEqualTo("RS256");
        assertThat(jwt.getHeader().getJWKURL()).isNull();
        assertThat(jwt.getHeader().getKeyID()).isNotBlank();
        assertThat(jwt.getJWTClaimsSet().getIssuer()).isEqualTo("lalala-auth");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("lalala-api");
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo(userId.toString());
        assertThat(jwt.getJWTClaimsSet().getStringClaim("handle")).isEqualTo(created.path("handle").asString());
        long lifetime = jwt.getJWTClaimsSet().getExpirationTime().getTime() - jwt.getJWTClaimsSet().getIssueTime().getTime();
        assertThat(lifetime).isEqualTo(Duration.ofMinutes(15).toMillis());
        // The token opens the service's own protected routes.
        assertThat(http.post("/api/auth/logout-all", null, "Authorization", "Bearer " + tokens.path("accessToken").asString())
                .statusCode()).isEqualTo(200);
    }

    @Test
    void theSameEmailTwiceIsAConflictThatSaysLittle() {
        String email = unique("twice");
        assertThat(signUp(email).statusCode()).isEqualTo(201);
        HttpResponse<String> again = http.post("/api/auth/signup",
                body("email", email.toUpperCase(), "password", "another fine password", "displayName", "Other"));
        JsonNode problem = assertProblem(again, 409, "email-unavailable");
        assertThat(problem.toString()).doesNotContain("verified").doesNotContain("userId");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM credential WHERE email = ?", Integer.class,
                email.toLowerCase())).isEqualTo(1);
    }

    @Test
    void weakPasswordsAreRefusedWithTheField() {
        for (String weak : List.of("short", "password123", "Qwertyuiop", "1234567890")) {
            HttpResponse<String> response = http.post("/api/auth/signup",
                    body("email", unique("weak"), "password", weak, "displayName", "Weak"));
            JsonNode problem = assertProblem(response, 400, "validation");
            assertThat(problem.path("errors").get(0).path("field").asString()).as(weak).isEqualTo("password");
            assertThat(response.body()).doesNotContain(weak);
        }
        HttpResponse<String> missing = http.post("/api/auth/signup", body("email", "not-an-email", "password", PASSWORD));
        assertProblem(missing, 400, "validation");
    }

    @Test
    void handlesAreUnique() {
        String first = json(signUp(unique("a"), "Léa Dupont")).path("handle").asString();
        String second = json(signUp(unique("b"), "Lea Dupont")).path("handle").asString();
        assertThat(first).isEqualTo("lea_dupont");
        assertThat(second).startsWith("lea_dupont_").isNotEqualTo(first);
    }

    @Test
    void refreshTokensRotateAndReuseRevokesTheFamily() {
        String email = unique("rotate");
        signUp(email);
        JsonNode first = json(login(email, PASSWORD, 200));
        String r1 = first.path("refreshToken").asString();
        JsonNode second = json(refresh(r1, 200));
        String r2 = second.path("refreshToken").asString();
        assertThat(r2).isNotEqualTo(r1);
        assertThat(second.path("accessToken").asString()).isNotEqualTo(first.path("accessToken").asString());

        // A stolen r1 used again: refused, and the whole family dies, the owner's r2 with it.
        assertProblem(refresh(r1, 401), 401, "unauthorized");
        assertProblem(refresh(r2, 401), 401, "unauthorized");
        // Another session of the same user is untouched.
        JsonNode other = json(login(email, PASSWORD, 200));
        assertThat(refresh(other.path("refreshToken").asString(), 200).statusCode()).isEqualTo(200);
        // Nothing but hashes in the table.
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM refresh_token WHERE token_hash IN (?, ?)", Integer.class,
                r1, r2)).isZero();
        assertProblem(refresh("made-up", 401), 401, "unauthorized");
    }

    @Test
    void logoutEndsOneSessionLogoutAllEndsEvery() {
        String email = unique("logout");
        signUp(email);
        JsonNode phone = json(login(email, PASSWORD, 200));
        JsonNode laptop = json(login(email, PASSWORD, 200));
        JsonNode tablet = json(login(email, PASSWORD, 200));

        assertThat(http.post("/api/auth/logout", body("refreshToken", phone.path("refreshToken").asString()))
                .statusCode()).isEqualTo(204);
        assertProblem(refresh(phone.path("refreshToken").asString(), 401), 401, "unauthorized");
        JsonNode laptop2 = json(refresh(laptop.path("refreshToken").asString(), 200));

        HttpResponse<String> all = http.post("/api/auth/logout-all", null,
                "Authorization", "Bearer " + laptop2.path("accessToken").asString());
        assertThat(json(all).path("sessionsEnded").asInt()).isEqualTo(2);
        assertProblem(refresh(laptop2.path("refreshToken").asString(), 401), 401, "unauthorized");
        assertProblem(refresh(tablet.path("refreshToken").asString(), 401), 401, "unauthorized");
        assertProblem(http.post("/api/auth/logout-all", null), 401, "unauthorized");
    }

    @Test
    void nobodyEndsSomeoneElsesSession() {
        String a = unique("alice");
        String b = unique("bob");
        signUp(a);
        signUp(b);
        JsonNode alice = json(login(a, PASSWORD, 200));
        JsonNode bob = json(login(b, PASSWORD, 200));

        HttpResponse<String> attempt = http.post("/api/auth/logout", body("refreshToken", bob.path("refreshToken").asString()),
                "Authorization", "Bearer " + alice.path("accessToken").asString());
        assertProblem(attempt, 403, "forbidden");
        // Bob's session lives on; Alice's logout-all does not touch it.
        http.post("/api/auth/logout-all", null, "Authorization", "Bearer " + alice.path("accessToken").asString());
        assertThat(refresh(bob.path("refreshToken").asString(), 200).statusCode()).isEqualTo(200);
        // Alice cannot delete Bob's account: deletion acts on the token's own subject, and Bob's password is wrong for it.
        HttpResponse<String> delete = http.send("DELETE", "/api/auth/account", body("password", PASSWORD + "x"),
                "Authorization", "Bearer " + alice.path("accessToken").asString());
        assertProblem(delete, 401, "unauthorized");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM credential WHERE email IN (?, ?)", Integer.class,
                a.toLowerCase(), b.toLowerCase())).isEqualTo(2);
    }

    @Test
    void repeatedFailuresSlowDownThenLockWith429() throws Exception {
        String email = unique("locked");
        signUp(email);
        assertProblem(login(email, "wrong password 1", 401), 401, "unauthorized");
        assertProblem(login(email, "wrong password 2", 401), 401, "unauthorized");
        assertProblem(login(email, "wrong password 3", 401), 401, "unauthorized");
        // Past the free failures: a delay, during which even the right password is refused.
        HttpResponse<String> delayed = login(email, PASSWORD, 429);
        assertProblem(delayed, 429, "too-many-requests");
        assertThat(Long.parseLong(delayed.headers().firstValue("Retry-After").orElseThrow())).isBetween(1L, 5L);
        Thread.sleep(Long.parseLong(delayed.headers().firstValue("Retry-After").orElseThrow()) * 1000 + 100);
        assertProblem(login(email, "wrong password 4", 401), 401, "unauthorized");
        // Now locked for the lock duration (15 min).
        HttpResponse<String> locked = login(email, PASSWORD, 429);
        assertProblem(locked, 429, "too-many-requests");
        assertThat(Long.parseLong(locked.headers().firstValue("Retry-After").orElseThrow())).isBetween(800L, 900L);
        assertThat(jdbc.queryForObject("SELECT failures FROM login_throttle WHERE throttle_key = ?", Integer.class,
                "account:" + email.toLowerCase())).isEqualTo(4);

        // An unknown email is throttled the same way, so the lockout says nothing about which emails exist.
        String nobody = unique("nobody");
        for (int i = 1; i <= 3; i++) {
            assertProblem(login(nobody, "wrong password " + i, 401), 401, "unauthorized");
        }
        assertProblem(login(nobody, PASSWORD, 429), 429, "too-many-requests");
    }

    @Test
    void oneAddressGuessingManyAccountsIsLockedAndTheForwardedAddressIsTrustedOnlyFromTheGateway() {
        // The test client is on loopback, a trusted proxy: X-Forwarded-For names the client.
        String address = "203.0.113." + (int) (Math.random() * 200 + 1);
        for (int i = 0; i < 8; i++) {
            login(unique("spray" + i), "wrong password", -1, "X-Forwarded-For", address);
        }
        String email = unique("victim");
        signUp(email);
        assertProblem(login(email, PASSWORD, 429, "X-Forwarded-For", address), 429, "too-many-requests");
        // Another address is not affected.
        assertThat(login(email, PASSWORD, 200, "X-Forwarded-For", "198.51.100.7").statusCode()).isEqualTo(200);
        // Without the gateway's secret (any other process on the machine), the header is not believed: the
        // failures count against the caller's own address, not the address it names.
        String forged = "203.0.113." + (int) (Math.random() * 200 + 1);
        login(unique("forged"), "wrong password", -1, "X-Forwarded-For", forged, "X-Lalala-Gateway", "guessed");
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM login_throttle WHERE throttle_key = ?", Integer.class,
                "address:" + forged)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM login_throttle WHERE throttle_key = ?", Integer.class,
                "address:" + address)).isEqualTo(1);
    }

    @Test
    void verificationMailCanBeResentButNotTooOften() {
        String email = unique("resend");
        signUp(email);
        mail.mailbox(email).awaitMessage(Duration.ofSeconds(20));
        String first = token(mail.mailbox(email).latest().orElseThrow());

        assertThat(http.post("/api/auth/email/verification", body("email", email)).statusCode()).isEqualTo(202);
        MailMessage second = mail.mailbox(email).awaitMessage(m -> !token(m).equals(first), Duration.ofSeconds(20));
        HttpResponse<String> tooSoon = http.post("/api/auth/email/verification", body("email", email));
        assertProblem(tooSoon, 429, "too-many-requests");
        assertThat(tooSoon.headers().firstValue("Retry-After")).isPresent();
        // An unknown email gets the same answers.
        String nobody = unique("ghost");
        assertThat(http.post("/api/auth/email/verification", body("email", nobody)).statusCode()).isEqualTo(202);
        assertProblem(http.post("/api/auth/email/verification", body("email", nobody)), 429, "too-many-requests");

        // The new link replaces the old one.
        assertProblem(http.post("/api/auth/email/verify", body("token", first)), 400, "invalid-token");
        assertThat(http.post("/api/auth/email/verify", body("token", token(second))).statusCode()).isEqualTo(204);
    }

    @Test
    void expiredVerificationLinksAreRefused() {
        String email = unique("late");
        String userId = json(signUp(email)).path("userId").asString();
        String token = token(mail.mailbox(email).awaitMessage(Duration.ofSeconds(20)));
        jdbc.update("UPDATE email_token SET expires_at = '2020-01-01 00:00:00' WHERE user_id = ?", userId);
        assertProblem(http.post("/api/auth/email/verify", body("token", token)), 400, "invalid-token");
        assertThat(jdbc.queryForObject("SELECT email_verified FROM credential WHERE user_id = ?", Boolean.class, userId))
                .isFalse();
    }

    @Test
    void changingThePasswordEndsTheOtherSessions() {
        String email = unique("change");
        signUp(email);
        JsonNode current = json(login(email, PASSWORD, 200));
        JsonNode other = json(login(email, PASSWORD, 200));
        String bearer = "Bearer " + current.path("accessToken").asString();

        assertProblem(http.post("/api/auth/password", body("currentPassword", "not the password",
                "newPassword", "a brand new passphrase"), "Authorization", bearer), 401, "unauthorized");
        assertProblem(http.post("/api/auth/password", body("currentPassword", PASSWORD,
                "newPassword", "password1234"), "Authorization", bearer), 400, "validation");
        assertThat(http.post("/api/auth/password", body("currentPassword", PASSWORD,
                "newPassword", "a brand new passphrase"), "Authorization", bearer).statusCode()).isEqualTo(204);

        assertProblem(refresh(other.path("refreshToken").asString(), 401), 401, "unauthorized");
        assertThat(refresh(current.path("refreshToken").asString(), 200).statusCode()).isEqualTo(200);
        assertProblem(login(email, PASSWORD, 401), 401, "unauthorized");
        assertThat(login(email, "a brand new passphrase", 200).statusCode()).isEqualTo(200);
    }

    @Test
    void forgottenPasswordByMailLink() {
        String email = unique("forgot");
        signUp(email);
        JsonNode session = json(login(email, PASSWORD, 200));
        assertThat(http.post("/api/auth/password/reset-request", body("email", email)).statusCode()).isEqualTo(202);
        MailMessage message = mail.mailbox(email).awaitMessage(m -> m.subject().contains("Reset"), Duration.ofSeconds(20));
        assertThat(message.text()).contains("https://app.example.test/reset-password?token=");
        String token = token(message);
        // Unknown emails get the same answer.
        assertThat(http.post("/api/auth/password/reset-request", body("email", unique("ghost"))).statusCode())
                .isEqualTo(202);

        assertThat(http.post("/api/auth/password/reset", body("token", token, "newPassword", "reset and renewed 42"))
                .statusCode()).isEqualTo(204);
        assertProblem(http.post("/api/auth/password/reset", body("token", token, "newPassword", "again and again 43")),
                400, "invalid-token");
        assertProblem(refresh(session.path("refreshToken").asString(), 401), 401, "unauthorized");
        assertThat(login(email, "reset and renewed 42", 200).statusCode()).isEqualTo(200);
    }

    @Test
    void parallelWrongGuessesGetNoMoreThanSequentialOnes() throws Exception {
        String email = unique("parallel");
        signUp(email);
        int guesses = 12;
        List<Callable<Integer>> attempts = new ArrayList<>();
        for (int i = 0; i < guesses; i++) {
            String guess = "parallel wrong guess " + i;
            attempts.add(() -> login(email, guess, -1).statusCode());
        }
        List<Integer> statuses = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(guesses)) {
            for (Future<Integer> status : pool.invokeAll(attempts)) {
                statuses.add(status.get());
            }
        }

        // As one after the other: the 2 free failures and the one that starts the 5 s delay are checked, the rest
        // are refused before any password check.
        Map<Integer, Long> counted = statuses.stream().collect(Collectors.groupingBy(Function.identity(),
                Collectors.counting()));
        assertThat(counted.keySet()).as("%s", statuses).containsOnly(401, 429);
        assertThat(counted.get(401)).as("%s", statuses).isBetween(1L, 3L);
        assertThat(counted.get(429)).isEqualTo(guesses - counted.get(401));
        assertThat(jdbc.queryForObject("SELECT failures FROM login_throttle WHERE throttle_key = ?", Integer.class,
                "account:" + email.toLowerCase())).isEqualTo(counted.get(401).intValue());
        // The block is in place: even the right password waits.
        assertProblem(login(email, PASSWORD, 429), 429, "too-many-requests");
    }

    @Test
    void aRightPasswordTakesItsCountedAttemptBack() {
        String email = unique("counted");
        signUp(email);
        assertProblem(login(email, "wrong password 1", 401), 401, "unauthorized");
        assertThat(login(email, PASSWORD, 200).statusCode()).isEqualTo(200);
        // The account's failures are forgotten; the address keeps only the wrong guess.
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM login_throttle WHERE throttle_key = ?", Integer.class,
                "account:" + email.toLowerCase())).isZero();
        assertThat(jdbc.queryForObject("SELECT failures FROM login_throttle WHERE throttle_key = ?", Integer.class,
                "address:" + clientAddress)).isEqualTo(1);

        JsonNode session = json(login(email, PASSWORD, 200));
        String bearer = "Bearer " + session.path("accessToken").asString();
        assertThat(http.post("/api/auth/password", body("currentPassword", PASSWORD,
                "newPassword", "a brand new passphrase"), "Authorization", bearer, "X-Forwarded-For", clientAddress)
                .statusCode()).isEqualTo(204);
        assertThat(jdbc.queryForObject("SELECT failures FROM login_throttle WHERE throttle_key = ?", Integer.class,
                "address:" + clientAddress)).isEqualTo(1);
    }

    @Test
    void aPasswordResetLiftsTheLockout() {
        String email = unique("unlock");
        signUp(email);
        // Locked by someone guessing (15 min).
        jdbc.update("""
                INSERT INTO login_throttle (throttle_key, failures, last_failure_at, blocked_until)
                VALUES (?, 4, UTC_TIMESTAMP(3), UTC_TIMESTAMP(3) + INTERVAL 15 MINUTE)""", "account:" + email.toLowerCase());
        assertProblem(login(email, PASSWORD, 429), 429, "too-many-requests");

        assertThat(http.post("/api/auth/password/reset-request", body("email", email)).statusCode()).isEqualTo(202);
        String token = token(mail.mailbox(email).awaitMessage(m -> m.subject().contains("Reset"), Duration.ofSeconds(20)));
        assertThat(http.post("/api/auth/password/reset", body("token", token, "newPassword", "unlocked at last 77"))
                .statusCode()).isEqualTo(204);

        assertThat(login(email, "unlocked at last 77", 200).statusCode()).isEqualTo(200);
    }

    @Test
    void aResetChecksTheTokenBeforeHashingAndTheRulesBeforeUsingIt() {
        int before = CountingPasswords.HASHES.get();
        assertProblem(http.post("/api/auth/password/reset", body("token", "made-up-token",
                "newPassword", "a fine new passphrase")), 400, "invalid-token");
        assertThat(CountingPasswords.HASHES.get()).as("no Argon2 hash for a made-up token").isEqualTo(before);

        String email = unique("rules");
        signUp(email);
        http.post("/api/auth/password/reset-request", body("email", email));
        String token = token(mail.mailbox(email).awaitMessage(m -> m.subject().contains("Reset"), Duration.ofSeconds(20)));
        // A refused password (here: the email itself) leaves the link working.
        JsonNode problem = assertProblem(http.post("/api/auth/password/reset", body("token", token,
                "newPassword", email)), 400, "validation");
        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("newPassword");
        assertThat(http.post("/api/auth/password/reset", body("token", token, "newPassword", "reset and renewed 43"))
                .statusCode()).isEqualTo(204);
    }

    @Test
    void displayNamesFollowTheProfileRule() {
        for (String name : List.of("x".repeat(51), "two\nlines", "tab\there", "   ", "line\u2028separator")) {
            HttpResponse<String> response = http.post("/api/auth/signup",
                    body("email", unique("named"), "password", PASSWORD, "displayName", name));
            JsonNode problem = assertProblem(response, 400, "validation");
            assertThat(problem.path("errors")).as(name).hasSize(1);
            assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("displayName");
        }
        assertThat(signUp(unique("named"), "x".repeat(50)).statusCode()).isEqualTo(201);
        // 50 characters that are 100 UTF-16 units.
        assertThat(signUp(unique("named"), "🎧".repeat(50)).statusCode()).isEqualTo(201);
    }

    @Test
    void theSweepDeletesTokensLongPastUseAndKeepsTheOthers() {
        String userId = json(signUp(unique("sweep"))).path("userId").asString();
        Instant now = Instant.now();
        Instant longAgo = now.minus(Duration.ofDays(3));
        Instant hourAgo = now.minus(Duration.ofHours(1));
        Instant later = now.plus(Duration.ofDays(10));
        // refresh tokens: name -> {expires_at, rotated_at, revoked_at}
        Map<String, Instant[]> refresh = Map.of(
                "expired long ago", new Instant[] {longAgo, null, null},
                "rotated, expired long ago", new Instant[] {longAgo, longAgo, null},
                "expired an hour ago", new Instant[] {hourAgo, null, null},
                "rotated, not expired", new Instant[] {later, longAgo, null},
                "revoked, not expired", new Instant[] {later, null, longAgo},
                "live", new Instant[] {later, null, null});
        UUID family = UUID.randomUUID();
        refresh.forEach((name, t) -> jdbc.update("""
                        INSERT INTO refresh_token (token_hash, family_id, user_id, created_at, expires_at, rotated_at,
                                                   revoked_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?)""", Secrets.sha256(name + family), family.toString(), userId,
                ts(longAgo.minus(Duration.ofDays(30))), ts(t[0]), ts(t[1]), ts(t[2])));
        // mail tokens: name -> {expires_at, used_at}
        Map<String, Instant[]> mailTokens = Map.of(
                "expired long ago", new Instant[] {longAgo, null},
                "used long ago", new Instant[] {later, longAgo},
                "used an hour ago", new Instant[] {later, hourAgo},
                "live", new Instant[] {later, null});
        mailTokens.forEach((name, t) -> jdbc.update("""
                        INSERT INTO email_token (token_hash, user_id, purpose, created_at, expires_at, used_at)
                        VALUES (?, ?, 'RESET_PASSWORD', ?, ?, ?)""", Secrets.sha256(name + family), userId,
                ts(longAgo.minus(Duration.ofDays(1))), ts(t[0]), ts(t[1])));

        sweep.sweep();

        assertThat(left("refresh_token", family, refresh.keySet())).containsExactlyInAnyOrder(
                "expired an hour ago", "rotated, not expired", "revoked, not expired", "live");
        assertThat(left("email_token", family, mailTokens.keySet())).containsExactlyInAnyOrder(
                "used an hour ago", "live");
    }

    @Test
    void deletingTheAccountRemovesCredentialsAndSessionsAndTellsTheOthers() {
        String email = unique("leaving");
        String userId = json(signUp(email)).path("userId").asString();
        JsonNode session = json(login(email, PASSWORD, 200));
        String bearer = "Bearer " + session.path("accessToken").asString();

        assertProblem(http.send("DELETE", "/api/auth/account", body("password", "not my password"),
                "Authorization", bearer), 401, "unauthorized");
        assertThat(http.send("DELETE", "/api/auth/account", body("password", PASSWORD), "Authorization", bearer)
                .statusCode()).isEqualTo(204);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM credential WHERE user_id = ?", Integer.class, userId)).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM refresh_token WHERE user_id = ?", Integer.class, userId)).isZero();
        assertThat(jdbc.queryForObject(
                "SELECT COUNT(*) FROM outbox_event WHERE event_key = ? AND event_type LIKE '%UserDeleted%'",
                Integer.class, userId)).isEqualTo(1);
        assertProblem(refresh(session.path("refreshToken").asString(), 401), 401, "unauthorized");
        assertProblem(login(email, PASSWORD, 401), 401, "unauthorized");
        // The email is free again.
        assertThat(signUp(email).statusCode()).isEqualTo(201);
    }

    @Test
    void secretsNeverReachTheLogs(CapturedOutput output) throws Exception {
        String email = unique("logs");
        signUp(email);
        String verification = token(mail.mailbox(email).awaitMessage(Duration.ofSeconds(20)));
        assertThat(http.post("/api/auth/email/verify", body("token", verification)).statusCode()).isEqualTo(204);
        login(email, "a wrong password for the log", 401);
        JsonNode tokens = json(login(email, PASSWORD, 200));
        JsonNode rotated = json(refresh(tokens.path("refreshToken").asString(), 200));
        // Reusing the old refresh token is the case most tempting to log with the token itself.
        refresh(tokens.path("refreshToken").asString(), 401);
        http.post("/api/auth/logout-all", null, "Authorization", "Bearer " + rotated.path("accessToken").asString());
        http.post("/api/auth/password/reset-request", body("email", email));
        String reset = token(mail.mailbox(email).awaitMessage(m -> m.text().contains("reset-password"),
                Duration.ofSeconds(20)));

        String logs = output.getAll();
        assertThat(logs).isNotBlank();
        for (String secret : List.of(PASSWORD, "a wrong password for the log", verification, reset,
                tokens.path("accessToken").asString(), tokens.path("refreshToken").asString(),
                rotated.path("accessToken").asString(), rotated.path("refreshToken").asString())) {
            assertThat(logs).as("the logs leak a secret").doesNotContain(secret);
        }
        assertThat(logs).doesNotContain("$argon2id$");
    }

    @Test
    void errorsCarryNoSecretsOrStackTraces() {
        HttpResponse<String> broken = http.send("POST", "/api/auth/login", null, "Content-Type", "application/json");
        assertThat(broken.statusCode()).isEqualTo(400);
        assertThat(broken.body()).doesNotContain("Exception").doesNotContain("at dev.lalala");
        String email = unique("quiet");
        signUp(email);
        HttpResponse<String> wrong = login(email, "guessing wrong", 401);
        assertThat(wrong.body()).doesNotContain("guessing wrong").doesNotContain("argon2").doesNotContain("Exception");
    }

    // --- helpers

    private List<String> left(String table, UUID family, java.util.Set<String> names) {
        return names.stream().filter(name -> jdbc.queryForObject(
                "SELECT COUNT(*) FROM " + table + " WHERE token_hash = ?", Integer.class,
                Secrets.sha256(name + family)) == 1).toList();
    }

    private static java.time.LocalDateTime ts(Instant instant) {
        return Db.utc(instant);
    }

    private HttpResponse<String> signUp(String email) {
        return signUp(email, "Test User");
    }

    private HttpResponse<String> signUp(String email, String displayName) {
        HttpResponse<String> response = http.post("/api/auth/signup",
                body("email", email, "password", PASSWORD, "displayName", displayName));
        return response;
    }

    private HttpResponse<String> login(String email, String password, int status, String... headers) {
        String[] withAddress = headers.length > 0 ? headers : new String[] {"X-Forwarded-For", clientAddress};
        HttpResponse<String> response = http.post("/api/auth/login", body("email", email, "password", password),
                withAddress);
        if (status > 0) {
            assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        }
        return response;
    }

    private HttpResponse<String> refresh(String token, int status) {
        HttpResponse<String> response = http.post("/api/auth/refresh", body("refreshToken", token));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return response;
    }

    static JsonNode assertProblem(HttpResponse<String> response, int status, String slug) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode problem = json(response);
        assertThat(problem.path("type").asString()).isEqualTo("https://lalala.dev/problems/" + slug);
        assertThat(response.body()).doesNotContain("\"trace\"").doesNotContain("Exception");
        return problem;
    }

    static String token(MailMessage message) {
        Matcher m = TOKEN.matcher(message.text());
        assertThat(m.find()).as(message.text()).isTrue();
        return m.group(1);
    }

    static com.nimbusds.jwt.JWTClaimsSet claims(String jwt) throws Exception {
        return SignedJWT.parse(jwt).getJWTClaimsSet();
    }

    static String unique(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
    }
}
