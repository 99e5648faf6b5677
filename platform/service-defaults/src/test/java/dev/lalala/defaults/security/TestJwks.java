package dev.lalala.defaults.security;

import com.nimbusds.jose.JOSEObjectType;
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
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/** A real JWKS over HTTP and an RS256 signer: what auth-service will be, for tests of token validation. */
public final class TestJwks implements AutoCloseable {

    public static final String ISSUER = "lalala-auth";
    public static final String AUDIENCE = "lalala-api";

    private final RSAKey key;
    private final HttpServer server;
    private final AtomicInteger fetches = new AtomicInteger();

    public TestJwks() {
        try {
            key = new RSAKeyGenerator(2048).keyID("test-" + UUID.randomUUID()).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).generate();
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        String jwks = new JWKSet(key.toPublicJWK()).toString();
        server.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = jwks.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    public String jwkSetUri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json").toString();
    }

    public RSAKey key() {
        return key;
    }

    public int fetches() {
        return fetches.get();
    }

    public JWTClaimsSet.Builder claims(UUID subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject(subject.toString())
                .issuer(ISSUER)
                .audience(List.of(AUDIENCE))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(900)))
                .jwtID(UUID.randomUUID().toString());
    }

    /** A valid access token for the subject, with room to change the claims. */
    public String token(UUID subject, UnaryOperator<JWTClaimsSet.Builder> claims) {
        return sign(key, new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT)
                .build(), claims.apply(claims(subject)).build());
    }

    public String token(UUID subject) {
        return token(subject, c -> c);
    }

    public static String sign(RSAKey signingKey, JWSHeader header, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public SecurityProperties properties() {
        SecurityProperties properties = new SecurityProperties();
        properties.setJwkSetUri(jwkSetUri());
        properties.setIssuer(ISSUER);
        properties.setAudience(AUDIENCE);
        return properties;
    }

    @Override
    public void close() throws IOException {
        server.stop(0);
    }
}
