package dev.lalala.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Stands in for auth-service in a service's integration tests: publishes a JSON Web Key Set over HTTP and signs
 * access tokens with its key, exactly as the services' JWT validation expects them (RS256, {@code iss lalala-auth},
 * {@code aud lalala-api}, {@code sub} the user id, {@code email_verified}). Point the service at it with
 * {@code lalala.security.jwk-set-uri = tokens.jwkSetUri()}.
 */
public final class TestTokens implements AutoCloseable {

    public static final String ISSUER = "lalala-auth";
    public static final String AUDIENCE = "lalala-api";

    private final RSAKey key;
    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();

    public TestTokens() {
        try {
            key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID("test-" + UUID.randomUUID()).generate();
            byte[] jwks = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/jwks.json", exchange -> {
                fetches.incrementAndGet();
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(200, jwks.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(jwks);
                }
            });
            server.start();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String jwkSetUri() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json";
    }

    /** The signing key (public and private), for tests that craft their own attacks. */
    public RSAKey key() {
        return key;
    }

    /** How often the key set was fetched (tests of key caching). */
    public int fetches() {
        return fetches.get();
    }

    /** A valid access token for a verified user, valid five minutes. */
    public String tokenFor(UUID userId) {
        return token(userId, claims -> { });
    }

    /** A valid access token for a user who has not verified their email yet. */
    public String unverifiedTokenFor(UUID userId) {
        return token(userId, claims -> claims.claim("email_verified", false));
    }

    /** A token for the user with the standard claims, then whatever {@code customize} changes. */
    public String token(UUID userId, Consumer<JWTClaimsSet.Builder> customize) {
        JWTClaimsSet.Builder claims = claims(userId);
        customize.accept(claims);
        return sign(key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims.build());
    }

    /** The claims auth-service puts in an access token, valid five minutes, for tests that build their own. */
    public static JWTClaimsSet.Builder claims(UUID userId) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(List.of(AUDIENCE))
                .subject(userId.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .jwtID(UUID.randomUUID().toString())
                .claim("email_verified", true);
    }

    /** Signs claims with any key and header: how attack tests forge tokens. */
    public static String sign(RSAKey signingKey, JWSHeader header, JWTClaimsSet claims) {
        SignedJWT jwt = new SignedJWT(header, claims);
        try {
            jwt.sign(new RSASSASigner(signingKey));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
