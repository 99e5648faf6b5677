package dev.lalala.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import dev.lalala.gateway.support.Jwks;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * A bearer token presented at the gateway must be valid, or the request ends there with a 401 problem and never
 * reaches the service. A valid token travels on unchanged.
 */
class EdgeAuthenticationIT extends LiveFleetTestBase {

    @Test
    void aValidTokenIsForwarded() {
        String token = FLEET.jwks().token();
        String path = "/api/users/" + UUID.randomUUID();
        http().get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk();
        assertThat(FLEET.service("user").seenPath(path)).singleElement()
                .satisfies(seen -> assertThat(seen.header("authorization")).isEqualTo("Bearer " + token));
    }

    @Test
    void garbageIsRejectedAtTheEdge() {
        rejected("not-a-jwt");
    }

    @Test
    void aTokenSignedByAnUnknownKeyIsRejectedAtTheEdge() {
        RSAKey stranger = Jwks.newKey();
        rejected(Jwks.sign(stranger, stranger.getKeyID(), Jwks.claims(UUID.randomUUID()).build()));
    }

    @Test
    void aForgedTokenClaimingOurKeyIsRejectedAtTheEdge() {
        RSAKey stranger = Jwks.newKey();
        rejected(Jwks.sign(stranger, FLEET.jwks().key().getKeyID(), Jwks.claims(UUID.randomUUID()).build()));
    }

    @Test
    void anExpiredTokenIsRejectedAtTheEdge() {
        rejected(FLEET.jwks().token(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(600)))));
    }

    @Test
    void aTokenForAnotherAudienceIsRejectedAtTheEdge() {
        rejected(FLEET.jwks().token(c -> c.audience("someone-else")));
    }

    // --- RFC 8725, at the edge: every forged token ends here with a 401 and never reaches a service.

    @Test
    void anUnsignedAlgNoneTokenIsRejectedAtTheEdge() {
        rejected(new PlainJWT(Jwks.claims(UUID.randomUUID()).build()).serialize());
    }

    @Test
    void anHs256TokenSignedWithOurPublicKeyIsRejectedAtTheEdge() throws Exception {
        byte[] secret = FLEET.jwks().key().toRSAPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID(FLEET.jwks().key().getKeyID())
                .build(), Jwks.claims(UUID.randomUUID()).build());
        jwt.sign(new MACSigner(secret));
        rejected(jwt.serialize());
    }

    @Test
    void ourKeyUnderAnUnknownKidIsRejectedAtTheEdge() {
        rejected(Jwks.sign(FLEET.jwks().key(), "kid-nobody-published", Jwks.claims(UUID.randomUUID()).build()));
    }

    @Test
    void aTokenFromAnotherIssuerIsRejectedAtTheEdge() {
        rejected(FLEET.jwks().token(c -> c.issuer("evil-auth")));
    }

    @Test
    void expiryHasASmallSkewOnly() {
        Instant now = Instant.now();
        rejected(FLEET.jwks().token(c -> c.issueTime(Date.from(now.minusSeconds(1000)))
                .expirationTime(Date.from(now.minusSeconds(45)))));
        String justExpired = FLEET.jwks().token(c -> c.issueTime(Date.from(now.minusSeconds(900)))
                .expirationTime(Date.from(now.minusSeconds(5))));
        http().get().uri("/api/users/" + UUID.randomUUID()).header(HttpHeaders.AUTHORIZATION, "Bearer " + justExpired)
                .exchange().expectStatus().isOk();
    }

    @Test
    void jkuAndX5uHeadersPointingElsewhereAreNeverFollowed() throws Exception {
        RSAKey attacker = Jwks.newKey();
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
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(attacker.getKeyID())
                    .jwkURL(URI.create(base + "/jwks.json")).x509CertURL(URI.create(base + "/cert.pem")).build(),
                    Jwks.claims(UUID.randomUUID()).build());
            jwt.sign(new RSASSASigner(attacker));
            rejected(jwt.serialize());
            assertThat(fetched.get()).as("the attacker's key server was never asked").isZero();
        } finally {
            evil.stop(0);
        }
    }

    @Test
    void aTamperedPayloadIsRejectedAtTheEdge() {
        String[] parts = FLEET.jwks().token().split("\\.");
        String forged = Base64URL.encode(Jwks.claims(UUID.randomUUID()).build().toString()
                .getBytes(StandardCharsets.UTF_8)).toString();
        rejected(parts[0] + "." + forged + "." + parts[2]);
    }

    // --- the client's address, as the services see it

    @Test
    void theGatewayTellsServicesTheClientAddressAndIgnoresWhatTheClientClaims() {
        String path = "/api/auth/login-" + UUID.randomUUID();
        http().post().uri(path).header("X-Forwarded-For", "6.6.6.6").header("Forwarded", "for=6.6.6.6")
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{}")
                .exchange();
        assertThat(FLEET.service("auth").seenPath(path)).singleElement().satisfies(seen -> {
            assertThat(seen.header("x-forwarded-for")).isEqualTo("127.0.0.1");
            assertThat(seen.header("forwarded")).isNull();
        });
    }

    private void rejected(String token) {
        String path = "/api/users/" + UUID.randomUUID();
        http().post().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"displayName\":\"x\"}")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, v -> assertThat(v).startsWith("Bearer"))
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://lalala.dev/problems/unauthorized")
                .jsonPath("$.status").isEqualTo(401);
        assertThat(FLEET.service("user").seenPath(path)).as("never forwarded").isEmpty();
    }
}
