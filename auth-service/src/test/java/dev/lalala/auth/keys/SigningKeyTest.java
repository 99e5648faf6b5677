package dev.lalala.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SigningKeyTest {

    private static final KeyPair PAIR = RsaKeys.generate();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void generatesRsa2048KeysNamedByTheirThumbprint() throws Exception {
        SigningKey key = SigningKey.of(PAIR, Instant.parse("2026-01-01T00:00:00Z"));

        assertThat(key.publicKey().getModulus().bitLength()).isEqualTo(2048);
        assertThat(key.active()).isTrue();
        assertThat(key.kid()).isEqualTo(new RSAKey.Builder(key.publicKey()).build().computeThumbprint().toString())
                .matches("[A-Za-z0-9_-]{43}");
        // The same public key always gets the same kid; another key another one.
        assertThat(SigningKey.of(PAIR, Instant.now()).kid()).isEqualTo(key.kid());
        assertThat(SigningKey.of(RsaKeys.generate(), Instant.now()).kid()).isNotEqualTo(key.kid());
    }

    @Test
    void pemRoundTrips() {
        SigningKey key = SigningKey.of(PAIR, Instant.now());

        String publicPem = RsaKeys.toPem(key.publicKey());
        String privatePem = RsaKeys.toPem(key.privateKey());

        assertThat(publicPem).startsWith("-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        assertThat(privatePem).startsWith("-----BEGIN PRIVATE KEY-----\n");
        assertThat(RsaKeys.publicKeyFromPem(publicPem)).isEqualTo(key.publicKey());
        assertThat(RsaKeys.privateKeyFromPem(privatePem)).isEqualTo(key.privateKey());
        assertThatThrownBy(() -> RsaKeys.publicKeyFromPem(privatePem)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theJwkSetHasOnlyPublicMembers() {
        SigningKey key = SigningKey.of(PAIR, Instant.now());

        String json = JSON.writeValueAsString(JwkSet.of(List.of(key.publicJwk())));
        @SuppressWarnings("unchecked")
        Map<String, Object> jwk = ((List<Map<String, Object>>) JSON.readValue(json, Map.class).get("keys")).getFirst();

        assertThat(jwk).containsOnlyKeys("kty", "use", "alg", "kid", "n", "e")
                .containsEntry("kty", "RSA").containsEntry("use", "sig").containsEntry("alg", "RS256")
                .containsEntry("kid", key.kid()).containsEntry("e", "AQAB");
        assertThat(key.publicJwk().isPrivate()).isFalse();
    }

    @Test
    void tokensSignedWithTheKeyVerifyAgainstThePublishedSet() throws Exception {
        SigningKey key = SigningKey.of(PAIR, Instant.now());
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.kid()).build(),
                new JWTClaimsSet.Builder().subject("someone").build());
        jwt.sign(new RSASSASigner(key.privateJwk()));

        JWKSet published = JWKSet.parse(JSON.writeValueAsString(JwkSet.of(List.of(key.publicJwk()))));
        RSAKey verifying = (RSAKey) published.getKeyByKeyId(jwt.getHeader().getKeyID());

        assertThat(verifying.getKeyUse()).isEqualTo(KeyUse.SIGNATURE);
        assertThat(SignedJWT.parse(jwt.serialize()).verify(new RSASSAVerifier(verifying))).isTrue();
    }
}
