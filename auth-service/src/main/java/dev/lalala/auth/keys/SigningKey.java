package dev.lalala.auth.keys;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import java.security.KeyPair;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.Objects;

/**
 * One RSA key pair tokens are signed with. Active while {@code retiredAt} is null; once retired it signs nothing
 * new but is still published until the tokens it signed have expired.
 *
 * @param kid the key id tokens name in their header: the key's RFC 7638 thumbprint
 */
public record SigningKey(String kid, RSAPublicKey publicKey, RSAPrivateKey privateKey, Instant createdAt,
        Instant retiredAt) {

    public static final String ALGORITHM = "RS256";

    public SigningKey {
        Objects.requireNonNull(kid, "kid");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(createdAt, "createdAt");
    }

    /** A new active key from a generated key pair, named by its thumbprint. */
    public static SigningKey of(KeyPair pair, Instant now) {
        RSAPublicKey publicKey = (RSAPublicKey) pair.getPublic();
        return new SigningKey(thumbprint(publicKey), publicKey, (RSAPrivateKey) pair.getPrivate(), now, null);
    }

    public boolean active() {
        return retiredAt == null;
    }

    /** The public half as a JWK: kty RSA, use sig, alg RS256, kid, n and e. Never any private member. */
    public RSAKey publicJwk() {
        return publicJwk(kid, publicKey);
    }

    /** A public key as the JWK it is published as. */
    public static RSAKey publicJwk(String kid, RSAPublicKey publicKey) {
        return new RSAKey.Builder(publicKey)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .keyID(kid)
                .build();
    }

    /** The whole key pair as a JWK, for signing (never leaves the service). */
    public RSAKey privateJwk() {
        return new RSAKey.Builder(publicKey)
                .privateKey(privateKey)
                .keyUse(KeyUse.SIGNATURE)
                .algorithm(JWSAlgorithm.RS256)
                .keyID(kid)
                .build();
    }

    static String thumbprint(RSAPublicKey publicKey) {
        try {
            return new RSAKey.Builder(publicKey).build().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "SigningKey[kid=" + kid + ", createdAt=" + createdAt + ", retiredAt=" + retiredAt + "]";
    }
}
