package dev.lalala.gateway.support;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import dev.lalala.testsupport.TestTokens;
import java.util.UUID;
import java.util.function.UnaryOperator;

/**
 * What auth-service is for the gateway in these tests: the shared {@link TestTokens} (a JWKS over real HTTP and an
 * RS256 signer), plus the helpers the attack tests use to craft tokens by hand.
 */
public final class Jwks implements AutoCloseable {

    public static final String ISSUER = TestTokens.ISSUER;
    public static final String AUDIENCE = TestTokens.AUDIENCE;

    private final TestTokens tokens = new TestTokens();

    public static RSAKey newKey() {
        try {
            return new RSAKeyGenerator(2048).keyID("key-" + UUID.randomUUID()).keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).generate();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public String jwkSetUri() {
        return tokens.jwkSetUri();
    }

    public RSAKey key() {
        return tokens.key();
    }

    public static JWTClaimsSet.Builder claims(UUID subject) {
        return TestTokens.claims(subject);
    }

    /** A valid access token, signed by this JWKS's key. */
    public String token() {
        return tokens.tokenFor(UUID.randomUUID());
    }

    /** A token with the standard claims, then whatever {@code claims} changes. */
    public String token(UnaryOperator<JWTClaimsSet.Builder> claims) {
        return tokens.token(UUID.randomUUID(), builder -> claims.apply(builder));
    }

    public static String sign(RSAKey signingKey, String kid, JWTClaimsSet claims) {
        return TestTokens.sign(signingKey,
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
    }

    @Override
    public void close() {
        tokens.close();
    }
}
