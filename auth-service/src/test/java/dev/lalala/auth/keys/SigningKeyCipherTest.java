package dev.lalala.auth.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.auth.AuthProperties;
import org.junit.jupiter.api.Test;

class SigningKeyCipherTest {

    static final String SECRET = "/IYhsGxCgAEqOx/LFHslmJh3rF+05SaCibQLl8mogZg=";
    static final String OTHER = "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=";

    static SigningKeyCipher cipher(String secret) {
        AuthProperties properties = new AuthProperties();
        properties.setSigningKeySecret(secret);
        return new SigningKeyCipher(properties);
    }

    @Test
    void aPrivateKeyIsStoredEncryptedAndReadBack() {
        String pem = RsaKeys.toPem((java.security.interfaces.RSAPrivateKey) RsaKeys.generate().getPrivate());
        String stored = cipher(SECRET).encrypt("kid-1", pem);

        assertThat(stored).startsWith("v1:").doesNotContain("PRIVATE KEY");
        assertThat(SigningKeyCipher.isEncrypted(stored)).isTrue();
        assertThat(cipher(SECRET).decrypt("kid-1", stored)).isEqualTo(pem);
        // Each encryption has its own nonce.
        assertThat(cipher(SECRET).encrypt("kid-1", pem)).isNotEqualTo(stored);
    }

    @Test
    void anotherSecretOrAnotherRowDoesNotDecrypt() {
        String stored = cipher(SECRET).encrypt("kid-1", "pem");
        assertThatThrownBy(() -> cipher(OTHER).decrypt("kid-1", stored)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("kid-1");
        assertThatThrownBy(() -> cipher(SECRET).decrypt("kid-2", stored)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAGoodSecretTheServiceDoesNotStart() {
        assertThatThrownBy(() -> cipher("")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("LALALA_AUTH_SIGNING_KEY_SECRET");
        assertThatThrownBy(() -> cipher("not base64!")).hasMessageContaining("not base64");
        assertThatThrownBy(() -> cipher("AAEC")).hasMessageContaining("must be 32 bytes");
    }

    @Test
    void aPlaintextPemFromBeforeEncryptionIsReadAsItIs() {
        assertThat(cipher(SECRET).decrypt("kid", "-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----\n"))
                .startsWith("-----BEGIN PRIVATE KEY-----");
    }
}
