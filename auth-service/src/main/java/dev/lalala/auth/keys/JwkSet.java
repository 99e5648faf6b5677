package dev.lalala.auth.keys;

import com.nimbusds.jose.jwk.RSAKey;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/** A JSON Web Key Set (RFC 7517 section 5) of public RSA signing keys. */
@Schema(description = "A JSON Web Key Set (RFC 7517): the public keys access tokens are signed with")
public record JwkSet(List<Jwk> keys) {

    /** Only the public members of the keys are taken. */
    public static JwkSet of(List<RSAKey> keys) {
        return new JwkSet(keys.stream().map(Jwk::of).toList());
    }

    /** A public RSA JWK: only the members a verifier needs, so no private part can ever slip in. */
    @Schema(description = "A public RSA signing key")
    public record Jwk(
            @Schema(example = "RSA") String kty,
            @Schema(example = "sig") String use,
            @Schema(example = "RS256") String alg,
            @Schema(description = "Key id, the kid of the tokens it signed (RFC 7638 thumbprint)") String kid,
            @Schema(description = "Modulus, base64url") String n,
            @Schema(description = "Public exponent, base64url", example = "AQAB") String e) {

        static Jwk of(RSAKey key) {
            return new Jwk(key.getKeyType().getValue(), key.getKeyUse().identifier(), key.getAlgorithm().getName(),
                    key.getKeyID(), key.getModulus().toString(), key.getPublicExponent().toString());
        }
    }
}
