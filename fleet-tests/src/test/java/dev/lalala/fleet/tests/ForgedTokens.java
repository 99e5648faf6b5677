package dev.lalala.fleet.tests;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;

/**
 * Forged access tokens for the attacks of RFC 8725, made by hand (no JOSE library on the fleet suite's classpath), so
 * each attack is exactly what it says.
 */
final class ForgedTokens {

    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private ForgedTokens() {
    }

    /** Claims a real access token for {@code subject} would carry, valid 10 minutes. */
    static Map<String, Object> claims(UUID subject) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "lalala-auth");
        claims.put("aud", List.of("lalala-api"));
        claims.put("sub", subject.toString());
        claims.put("iat", now);
        claims.put("exp", now + 600);
        claims.put("email_verified", true);
        claims.put("jti", UUID.randomUUID().toString());
        return claims;
    }

    static String algNone(Map<String, Object> claims) {
        return part(Map.of("alg", "none", "typ", "JWT")) + "." + part(claims) + ".";
    }

    /** HS256 with the verifier's own RSA public key (its X.509 encoding) as the HMAC secret: key confusion. */
    static String hs256WithPublicKey(JsonNode jwk, Map<String, Object> claims) throws Exception {
        byte[] secret = publicKey(jwk).getEncoded();
        String input = part(Map.of("alg", "HS256", "typ", "JWT", "kid", jwk.path("kid").asString())) + "." + part(claims);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret, "HmacSHA256"));
        return input + "." + B64.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
    }

    /** RS256 signed with a key of the attacker's, with whatever header they like (kid, jku, x5u). */
    static String rs256(PrivateKey key, Map<String, Object> header, Map<String, Object> claims) throws Exception {
        Map<String, Object> h = new LinkedHashMap<>(header);
        h.put("alg", "RS256");
        String input = part(h) + "." + part(claims);
        Signature signature = Signature.getInstance("SHA256withRSA");
        signature.initSign(key);
        signature.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + B64.encodeToString(signature.sign());
    }

    static KeyPair attackerKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair();
    }

    /** A real token with its payload swapped for another (the signature no longer matches). */
    static String tampered(String realToken, Map<String, Object> claims) {
        String[] parts = realToken.split("\\.");
        return parts[0] + "." + part(claims) + "." + parts[2];
    }

    static RSAPublicKey publicKey(JsonNode jwk) throws Exception {
        BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("n").asString()));
        BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.path("e").asString()));
        return (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    }

    private static String part(Map<String, ?> json) {
        return B64.encodeToString(Gateway.JSON.writeValueAsBytes(json));
    }
}
