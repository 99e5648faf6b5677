package dev.lalala.gateway.support;

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
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** What auth-service will be for the gateway: a JWKS over real HTTP, and an RS256 signer for test tokens. */
public final class Jwks implements AutoCloseable {

    public static final String ISSUER = "lalala-auth";
    public static final String AUDIENCE = "lalala-api";

    private final RSAKey key = newKey();
    private final DisposableServer server;

    public Jwks() {
        String jwks = new JWKSet(key.toPublicJWK()).toString();
        server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> routes.get("/api/auth/.well-known/jwks.json", (req, res) ->
                        res.header("Content-Type", "application/json").sendString(Mono.just(jwks))))
                .bindNow(Duration.ofSeconds(10));
    }

    public static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("key-" + UUID.randomUUID()).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String jwkSetUri() {
        return "http://127.0.0.1:" + server.port() + "/api/auth/.well-known/jwks.json";
    }

    public RSAKey key() {
        return key;
    }

    public static JWTClaimsSet.Builder claims(UUID subject) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject(subject.toString())
                .issuer(ISSUER)
                .audience(List.of(AUDIENCE))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(600)))
                .jwtID(UUID.randomUUID().toString());
    }

    /** A valid access token, signed by this JWKS's key. */
    public String token() {
        return token(c -> c);
    }

    public String token(UnaryOperator<JWTClaimsSet.Builder> claims) {
        return sign(key, key.getKeyID(), claims.apply(claims(UUID.randomUUID())).build());
    }

    public static String sign(RSAKey signingKey, String kid, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid)
                    .type(JOSEObjectType.JWT).build(), claims);
            jwt.sign(new RSASSASigner(signingKey));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
