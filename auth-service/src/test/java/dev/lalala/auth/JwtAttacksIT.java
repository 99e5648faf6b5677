package dev.lalala.auth;

import static dev.lalala.auth.support.Http.body;
import static dev.lalala.auth.support.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import dev.lalala.auth.keys.SigningKey;
import dev.lalala.auth.keys.SigningKeyRepository;
import dev.lalala.auth.keys.SigningKeys;
import dev.lalala.auth.support.Http;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * RFC 8725 at auth-service's own door, over HTTP, against its real keys: each forged token is refused with a 401
 * problem and changes nothing (a logout-all that would end the victim's sessions). Also: key rotation logs nobody out.
 */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA, Component.MAIL}, databases = "auth")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JwtAttacksIT {

    static final String PASSWORD = "correct horse battery staple";

    @LocalServerPort int port;
    @Autowired SigningKeys keys;
    @Autowired SigningKeyRepository repository;
    @Autowired JdbcTemplate jdbc;

    Http http;
    UUID victim;
    String victimRefresh;

    @BeforeEach
    void victimWithASession() {
        http = new Http(port);
        String email = "victim-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        HttpResponse<String> signUp = http.post("/api/auth/signup",
                body("email", email, "password", PASSWORD, "displayName", "Victim"));
        victim = UUID.fromString(json(signUp).path("userId").asString());
        victimRefresh = json(http.post("/api/auth/login", body("email", email, "password", PASSWORD),
                "X-Forwarded-For", "192.0.2.77")).path("refreshToken").asString();
    }

    @Test
    void aRealTokenWorks() {
        assertThat(liveSessions()).isEqualTo(1);
        HttpResponse<String> response = logoutAll(sign(active(), claims(c -> c)));
        assertThat(response.statusCode()).as("%s %s", response.headers().map(), response.body()).isEqualTo(200);
        assertThat(liveSessions()).isZero();
    }

    @Test
    void algNoneIsRefused() {
        refused(new PlainJWT(claims(c -> c)).serialize());
    }

    @Test
    void hs256SignedWithThePublicKeyIsRefused() throws Exception {
        byte[] secret = active().publicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(active().kid()).build(),
                claims(c -> c));
        jwt.sign(new MACSigner(secret.length >= 32 ? secret : Arrays.copyOf(secret, 32)));
        refused(jwt.serialize());
    }

    @Test
    void anUnknownKidIsRefused() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("attacker").generate();
        refused(sign(attacker, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("attacker").build(), claims(c -> c)));
        // Our own key under a kid we never published is not accepted either.
        refused(sign(active().privateJwk(), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("not-a-kid").build(),
                claims(c -> c)));
    }

    @Test
    void anotherKeyClaimingOurKidIsRefused() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(active().kid()).generate();
        refused(sign(attacker, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(active().kid()).build(), claims(c -> c)));
    }

    @Test
    void wrongIssuerAudienceAndMissingSubjectAreRefused() {
        refused(sign(active(), claims(c -> c.issuer("evil-auth"))));
        refused(sign(active(), claims(c -> c.audience("another-api"))));
        refused(sign(active(), claims(c -> c.subject(null))));
    }

    @Test
    void expiredBeyondTheSkewIsRefusedWithinTheSkewAccepted() {
        Instant now = Instant.now();
        refused(sign(active(), claims(c -> c.issueTime(Date.from(now.minusSeconds(1000)))
                .expirationTime(Date.from(now.minusSeconds(90))))));
        refused(sign(active(), claims(c -> c.expirationTime(null))));
        assertThat(logoutAll(sign(active(), claims(c -> c.issueTime(Date.from(now.minusSeconds(900)))
                .expirationTime(Date.from(now.minusSeconds(5)))))).statusCode()).isEqualTo(200);
    }

    @Test
    void jkuAndX5uPointingElsewhereAreNeverFollowed() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("evil").generate();
        AtomicInteger fetched = new AtomicInteger();
        HttpServer evil = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        byte[] jwks = new JWKSet(attacker.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        evil.createContext("/", exchange -> {
            fetched.incrementAndGet();
            exchange.sendResponseHeaders(200, jwks.length);
            exchange.getResponseBody().write(jwks);
            exchange.close();
        });
        evil.start();
        try {
            String base = "http://127.0.0.1:" + evil.getAddress().getPort();
            refused(sign(attacker, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("evil")
                    .jwkURL(URI.create(base + "/jwks.json")).x509CertURL(URI.create(base + "/cert.pem")).build(),
                    claims(c -> c)));
            assertThat(fetched.get()).as("the attacker's key server was never asked").isZero();
        } finally {
            evil.stop(0);
        }
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String token = sign(active(), claims(c -> c));
        String[] parts = token.split("\\.");
        String forged = Base64URL.encode(claims(c -> c.subject(UUID.randomUUID().toString())).toString()
                .getBytes(StandardCharsets.UTF_8)).toString();
        refused(parts[0] + "." + forged + "." + parts[2]);
    }

    @Test
    void rotatingTheKeyLogsNobodyOut() throws Exception {
        SigningKey before = active();
        String oldToken = sign(before, claims(c -> c));
        SigningKey after = keys.rotate();
        assertThat(after.kid()).isNotEqualTo(before.kid());

        // Both keys are published; the old key's token still works, and new tokens are signed with the new key.
        JWKSet published = JWKSet.parse(http.send("GET", "/api/auth/.well-known/jwks.json", null).body());
        assertThat(published.getKeys()).extracting(k -> k.getKeyID()).contains(before.kid(), after.kid());
        assertThat(logoutAll(oldToken).statusCode()).isEqualTo(200);
        String email = "rotated-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        http.post("/api/auth/signup", body("email", email, "password", PASSWORD, "displayName", "Rotated"));
        String fresh = json(http.post("/api/auth/login", body("email", email, "password", PASSWORD),
                "X-Forwarded-For", "192.0.2.78")).path("accessToken").asString();
        assertThat(SignedJWT.parse(fresh).getHeader().getKeyID()).isEqualTo(after.kid());
        assertThat(logoutAll(fresh).statusCode()).isEqualTo(200);

        // Once the old key is retired longer than a token lifetime, it is gone, and so are its tokens.
        jdbc.update("UPDATE signing_key SET retired_at = ? WHERE kid = ?",
                java.sql.Timestamp.from(Instant.now().minus(Duration.ofHours(1))), before.kid());
        Thread.sleep(10_500); // the decoder's key cache
        assertThat(JWKSet.parse(http.send("GET", "/api/auth/.well-known/jwks.json", null).body()).getKeys())
                .extracting(k -> k.getKeyID()).doesNotContain(before.kid());
        refused(oldToken);
    }

    // --- helpers

    private void refused(String token) {
        int liveBefore = liveSessions();
        HttpResponse<String> response = logoutAll(token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Bearer"));
        assertThat(response.body()).doesNotContain("Exception").doesNotContain(token);
        // Nothing changed: the victim's sessions live.
        assertThat(liveSessions()).isEqualTo(liveBefore);
    }

    private int liveSessions() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM refresh_token WHERE user_id = ? AND revoked_at IS NULL",
                Integer.class, victim.toString());
    }

    private HttpResponse<String> logoutAll(String token) {
        return http.post("/api/auth/logout-all", null, "Authorization", "Bearer " + token);
    }

    /** The active key as the database has it (other test classes sharing this context may have replaced it). */
    private SigningKey active() {
        return repository.findActive().orElseThrow();
    }

    private JWTClaimsSet claims(UnaryOperator<JWTClaimsSet.Builder> change) {
        Instant now = Instant.now();
        return change.apply(new JWTClaimsSet.Builder()
                .issuer("lalala-auth").audience(List.of("lalala-api")).subject(victim.toString())
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)))
                .jwtID(UUID.randomUUID().toString())).build();
    }

    private static String sign(SigningKey key, JWTClaimsSet claims) {
        return sign(key.privateJwk(), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.kid()).build(), claims);
    }

    private static String sign(RSAKey key, JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
