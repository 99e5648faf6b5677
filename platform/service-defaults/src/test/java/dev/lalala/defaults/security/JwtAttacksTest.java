package dev.lalala.defaults.security;

import dev.lalala.testsupport.TestTokens;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;

/**
 * Every service validates tokens with this decoder; each test is one way to forge a token (RFC 8725), and
 * each must be refused. The reactive decoder (the gateway, streaming and chat) is held to the same rules.
 */
class JwtAttacksTest {

    static TestTokens jwks;
    static JwtDecoder decoder;
    static ReactiveJwtDecoder reactiveDecoder;
    static final UUID USER = UUID.randomUUID();

    @BeforeAll
    static void start() {
        jwks = new TestTokens();
        decoder = ServletSecurityDefaults.jwtDecoder(properties(jwks));
        reactiveDecoder = ReactiveSecurityDefaults.jwtDecoder(properties(jwks));
    }

    @AfterAll
    static void stop() throws Exception {
        jwks.close();
    }

    @Test
    void aValidRs256TokenIsAccepted() {
        String token = jwks.token(USER, c -> c.claim("roles", List.of("ARTIST")).claim("email_verified", true));

        Jwt jwt = decoder.decode(token);

        assertThat(jwt.getSubject()).isEqualTo(USER.toString());
        assertThat(CurrentUser.of(jwt)).isEqualTo(new CurrentUser(USER, true));
        assertThat(JwtValidation.authorities(jwt)).extracting(Object::toString)
                .containsExactlyInAnyOrder("ROLE_ARTIST", "ROLE_VERIFIED");
        assertThat(reactiveDecoder.decode(token).block(Duration.ofSeconds(5)).getSubject()).isEqualTo(USER.toString());
    }

    @Test
    void anUnsignedAlgNoneTokenIsRefused() {
        String token = new PlainJWT(TestTokens.claims(USER).build()).serialize();

        assertRefused(token);
    }

    @Test
    void anHs256TokenSignedWithThePublicKeyIsRefused() throws Exception {
        // The classic key-confusion attack: the verifier's public key used as an HMAC secret.
        byte[] publicKeyAsSecret = jwks.key().toPublicJWK().toRSAPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(jwks.key().getKeyID()).build(),
                TestTokens.claims(USER).build());
        jwt.sign(new MACSigner(pad(publicKeyAsSecret)));

        assertRefused(jwt.serialize());
    }

    @Test
    void aTokenSignedByAnotherKeyWithAnUnknownKidIsRefused() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("attacker").generate();
        String token = TestTokens.sign(attacker, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("attacker").build(),
                TestTokens.claims(USER).build());

        assertRefused(token);
    }

    @Test
    void aTokenSignedByAnotherKeyClaimingOurKidIsRefused() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID(jwks.key().getKeyID()).generate();
        String token = TestTokens.sign(attacker,
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(jwks.key().getKeyID()).build(),
                TestTokens.claims(USER).build());

        assertRefused(token);
    }

    @Test
    void jkuAndX5uHeadersAreNeverFollowed() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("evil").generate();
        // Even if the attacker hosts their key, the decoder only trusts the configured JWKS.
        String token = TestTokens.sign(attacker, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("evil")
                        .jwkURL(URI.create("http://127.0.0.1:1/evil-jwks.json"))
                        .x509CertURL(URI.create("http://127.0.0.1:1/evil.pem"))
                        .build(),
                TestTokens.claims(USER).build());

        assertRefused(token);
        assertThat(new JWKSet(attacker).toString()).isNotBlank();
    }

    @Test
    void jkuAndX5uPointingAtALiveAttackerServerAreNeverFetched() throws Exception {
        RSAKey attacker = new RSAKeyGenerator(2048).keyID("evil-live").generate();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        com.sun.net.httpserver.HttpServer evil = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        byte[] evilJwks = new JWKSet(attacker.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        evil.createContext("/", exchange -> {
            asked.incrementAndGet();
            exchange.sendResponseHeaders(200, evilJwks.length);
            exchange.getResponseBody().write(evilJwks);
            exchange.close();
        });
        evil.start();
        try {
            String base = "http://127.0.0.1:" + evil.getAddress().getPort();
            String token = TestTokens.sign(attacker, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("evil-live")
                            .jwkURL(URI.create(base + "/jwks.json")).x509CertURL(URI.create(base + "/cert.pem")).build(),
                    TestTokens.claims(USER).build());

            assertRefused(token);
            assertThat(asked.get()).as("the attacker's server was asked for keys").isZero();
        } finally {
            evil.stop(0);
        }
    }

    @Test
    void ourOwnKeyUnderAKidNobodyPublishedIsRefused() {
        String token = TestTokens.sign(jwks.key(), new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("unpublished").build(),
                TestTokens.claims(USER).build());

        assertRefused(token);
    }

    @Test
    void aTamperedPayloadIsRefused() {
        String token = jwks.tokenFor(USER);
        String[] parts = token.split("\\.");
        String forgedClaims = Base64URL.encode(TestTokens.claims(UUID.randomUUID()).build().toString()
                .getBytes(StandardCharsets.UTF_8)).toString();

        assertRefused(parts[0] + "." + forgedClaims + "." + parts[2]);
    }

    @Test
    void theWrongIssuerIsRefused() {
        assertRefused(jwks.token(USER, c -> c.issuer("someone-else")));
    }

    @Test
    void theWrongAudienceIsRefused() {
        assertRefused(jwks.token(USER, c -> c.audience(List.of("another-api"))));
    }

    @Test
    void anExpiredTokenIsRefusedBeyondTheClockSkew() {
        Instant past = Instant.now().minus(Duration.ofMinutes(5));
        assertRefused(jwks.token(USER, c -> c.issueTime(Date.from(past.minusSeconds(900)))
                .expirationTime(Date.from(past))));
    }

    @Test
    void aTokenJustExpiredWithinTheClockSkewIsStillAccepted() {
        Instant justNow = Instant.now().minusSeconds(10);
        String token = jwks.token(USER, c -> c.issueTime(Date.from(justNow.minusSeconds(900)))
                .expirationTime(Date.from(justNow)));

        assertThat(decoder.decode(token).getSubject()).isEqualTo(USER.toString());
    }

    @Test
    void aTokenWithoutExpiryIsRefused() {
        assertRefused(jwks.token(USER, c -> c.expirationTime(null)));
    }

    @Test
    void aTokenNotYetValidIsRefused() {
        assertRefused(jwks.token(USER, c -> c.notBeforeTime(Date.from(Instant.now().plusSeconds(600)))));
    }

    @Test
    void aTokenWithoutSubjectIsRefused() {
        String token = TestTokens.sign(jwks.key(),
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(jwks.key().getKeyID()).type(JOSEObjectType.JWT)
                        .build(),
                new JWTClaimsSet.Builder().issuer(TestTokens.ISSUER).audience(TestTokens.AUDIENCE)
                        .expirationTime(Date.from(Instant.now().plusSeconds(60))).build());

        assertRefused(token);
    }

    @Test
    void garbageIsRefused() {
        assertRefused("not-a-token");
        assertRefused("a.b.c");
    }

    private static void assertRefused(String token) {
        assertThatThrownBy(() -> decoder.decode(token)).isInstanceOf(JwtException.class);
        assertThatThrownBy(() -> reactiveDecoder.decode(token).block(Duration.ofSeconds(5)))
                .isInstanceOf(JwtException.class);
    }

    /** HMAC keys must be at least 256 bits for the signer to accept them; an X.509 RSA key always is. */
    private static byte[] pad(byte[] secret) {
        return secret.length >= 32 ? secret : java.util.Arrays.copyOf(secret, 32);
    }

    private static SecurityProperties properties(TestTokens tokens) {
        SecurityProperties properties = new SecurityProperties();
        properties.setJwkSetUri(tokens.jwkSetUri());
        properties.setIssuer(TestTokens.ISSUER);
        properties.setAudience(TestTokens.AUDIENCE);
        return properties;
    }
}
