package dev.lalala.defaults.security.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.testsupport.TestTokens;
import dev.lalala.defaults.testapp.servlet.ServletTestApp;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.Topics;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.events.user.UserEvents;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A deleted account's unexpired token is refused by a running service as soon as UserDeleted arrives, with a 401
 * problem of its own type; a service that starts later still learns of deletions within a token lifetime, and not of
 * older ones.
 */
@LocalInfra(Component.KAFKA)
@SpringBootTest(classes = ServletTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.application.name=revocation-it",
            "spring.main.web-application-type=servlet",
            "lalala.security.public-paths=/api/public/**",
            "lalala.outbox.enabled=false",
            "spring.autoconfigure.exclude=org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration"
        })
class RevocationIT {

    static final TestTokens JWKS = new TestTokens();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired ConsumerFactory<?, ?> consumers;
    @Autowired RevokedAccounts revoked;

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        registry.add("lalala.security.jwk-set-uri", JWKS::jwkSetUri);
    }

    @AfterAll
    static void stop() throws Exception {
        JWKS.close();
    }

    @Test
    void aDeletedAccountsTokenIsRefusedAtOnce() throws Exception {
        UUID user = UUID.randomUUID();
        String token = JWKS.tokenFor(user);
        assertThat(me(token).statusCode()).isEqualTo(200);

        publish(user, Instant.now(), null);

        HttpResponse<String> refused = await(() -> me(token), r -> r.statusCode() == 401, Duration.ofSeconds(30));
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(JSON.readTree(refused.body()).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/account-revoked");
        assertThat(me(JWKS.tokenFor(UUID.randomUUID())).statusCode()).as("others are not affected").isEqualTo(200);
    }

    @Test
    void aFeedStartedLaterReadsBackOneTokenLifetimeAndNoFurther() throws Exception {
        UUID recent = UUID.randomUUID();
        UUID old = UUID.randomUUID();
        Instant now = Instant.now();
        publish(old, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(2)).toEpochMilli());
        publish(recent, now.minusSeconds(60), now.minusSeconds(60).toEpochMilli());

        RevokedAccounts fresh = new RevokedAccounts(Duration.ofMinutes(16), Clock.systemUTC());
        RevocationFeed feed = new RevocationFeed(consumers.getConfigurationProperties(), "revocation-it-late", fresh);
        feed.start();
        try {
            await(() -> fresh.isRevoked(recent.toString()), r -> r, Duration.ofSeconds(30));
            await(feed::caughtUp, r -> r, Duration.ofSeconds(30));
            assertThat(fresh.revokedAt(old.toString())).as("older than a token lifetime: not even read").isEmpty();
        } finally {
            feed.stop();
        }
    }

    HttpResponse<String> me(String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/me"))
                .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    }

    void publish(UUID user, Instant deletedAt, Long timestamp) throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                consumers.getConfigurationProperties().get(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            String json = EventJson.write(EventEnvelope.of(UserEvents.USER_DELETED, new UserDeleted(user, deletedAt)));
            producer.send(new ProducerRecord<>(Topics.USER_EVENTS, null, timestamp, user.toString(), json)).get();
        }
    }

    interface Check<T> {
        T get() throws Exception;
    }

    static <T> T await(Check<T> check, java.util.function.Predicate<T> done, Duration timeout) throws Exception {
        long end = System.nanoTime() + timeout.toNanos();
        T last = check.get();
        while (!done.test(last)) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + timeout + ": " + last);
            }
            Thread.sleep(100);
            last = check.get();
        }
        return last;
    }
}
