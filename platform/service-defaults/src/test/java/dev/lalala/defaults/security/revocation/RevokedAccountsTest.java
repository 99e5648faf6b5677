package dev.lalala.defaults.security.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.defaults.security.ReactiveSecurityDefaults;
import dev.lalala.defaults.security.SecurityProperties;
import dev.lalala.defaults.security.ServletSecurityDefaults;
import dev.lalala.testsupport.TestTokens;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.events.user.UserEvents;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidationException;

class RevokedAccountsTest {

    static TestTokens jwks;

    @BeforeAll
    static void keys() {
        jwks = new TestTokens();
    }

    @AfterAll
    static void stop() throws Exception {
        jwks.close();
    }

    static final class MovableClock extends Clock {
        Instant now = Instant.parse("2026-12-06T20:00:00Z");

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void aDeletedAccountsTokenFailsTheTokenRulesOnBothStacks() {
        SecurityProperties properties = new SecurityProperties();
        properties.setJwkSetUri(jwks.jwkSetUri());
        RevokedAccounts revoked = new RevokedAccounts(Duration.ofMinutes(16), Clock.systemUTC());
        JwtDecoder servlet = ServletSecurityDefaults.jwtDecoder(properties, revoked);
        var reactive = ReactiveSecurityDefaults.jwtDecoder(properties, revoked);
        UUID user = UUID.randomUUID();
        String token = jwks.tokenFor(user);

        assertThat(servlet.decode(token).getSubject()).isEqualTo(user.toString());
        revoked.revoke(user.toString(), Instant.now());

        assertThatThrownBy(() -> servlet.decode(token)).isInstanceOf(JwtValidationException.class)
                .satisfies(e -> assertThat(RevokedAccounts.causedByRevocation(e)).isTrue());
        assertThatThrownBy(() -> reactive.decode(token).block()).isInstanceOf(JwtValidationException.class)
                .satisfies(e -> assertThat(RevokedAccounts.causedByRevocation(e)).isTrue());
        // Someone else's token is fine.
        assertThat(servlet.decode(jwks.tokenFor(UUID.randomUUID()))).isNotNull();
    }

    @Test
    void aDeletionIsRememberedOnlyAsLongAsATokenFromBeforeItCouldLive() {
        MovableClock clock = new MovableClock();
        RevokedAccounts revoked = new RevokedAccounts(Duration.ofMinutes(15), clock);
        revoked.revoke("a", clock.now);
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        revoked.revoke("b", clock.now);
        assertThat(revoked.isRevoked("a")).isTrue();

        clock.now = clock.now.plus(Duration.ofMinutes(6));
        assertThat(revoked.isRevoked("a")).as("every token of a has expired").isFalse();
        assertThat(revoked.isRevoked("b")).isTrue();
        revoked.revoke("c", clock.now);
        assertThat(revoked.size()).as("a is forgotten").isEqualTo(2);
        // An old deletion replayed from the topic is not remembered.
        revoked.revoke("d", clock.now.minus(Duration.ofHours(1)));
        assertThat(revoked.isRevoked("d")).isFalse();
        assertThat(revoked.size()).isEqualTo(2);
    }

    @Test
    void theFeedAppliesUserDeletedAndIgnoresOtherRecords() {
        RevokedAccounts revoked = new RevokedAccounts(Duration.ofMinutes(16), Clock.systemUTC());
        RevocationFeed feed = new RevocationFeed(Map.of(), "test", revoked);
        UUID user = UUID.randomUUID();
        feed.apply("not json");
        feed.apply(null);
        feed.apply(EventJson.write(EventEnvelope.of(UserEvents.USER_DELETED, new UserDeleted(user, Instant.now()))));
        assertThat(revoked.isRevoked(user.toString())).isTrue();
    }
}
