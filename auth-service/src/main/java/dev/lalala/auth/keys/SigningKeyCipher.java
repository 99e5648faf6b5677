package dev.lalala.auth.keys;

import dev.lalala.auth.AuthProperties;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.stereotype.Component;

/**
 * Encrypts the JWT signing keys' private halves at rest: AES-256-GCM with a key that is not in the database
 * ({@code lalala.auth.signing-key-secret}, env {@code LALALA_AUTH_SIGNING_KEY_SECRET}: base64 of 32 bytes, generated
 * per installation by the fleet launcher). A stored value is {@code v1:} + base64(12-byte nonce || ciphertext || tag),
 * with the key id as associated data, so a value copied onto another row does not decrypt. Without the secret the
 * service does not start: a signing key anyone who reads the database could use would let them mint tokens.
 */
@Component
public class SigningKeyCipher {

    static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final SecureRandom random = new SecureRandom();

    public SigningKeyCipher(AuthProperties properties) {
        this.key = new SecretKeySpec(decodeSecret(properties.getSigningKeySecret()), "AES");
    }

    static byte[] decodeSecret(String secret) {
        String help = " Set lalala.auth.signing-key-secret (environment LALALA_AUTH_SIGNING_KEY_SECRET) to the base64 of "
                + "32 random bytes, for example `openssl rand -base64 32`; ./lalala up generates one per installation "
                + "(keep it: the signing keys stored with it cannot be read without it).";
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("auth-service needs the key its JWT signing keys are encrypted with." + help);
        }
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(secret.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException("lalala.auth.signing-key-secret is not base64." + help);
        }
        if (bytes.length != 32) {
            throw new IllegalStateException("lalala.auth.signing-key-secret must be 32 bytes, not " + bytes.length
                    + "." + help);
        }
        return bytes;
    }

    /** Whether a stored value is encrypted (else it is a plaintext PEM from before encryption). */
    public static boolean isEncrypted(String stored) {
        return stored != null && stored.startsWith(PREFIX);
    }

    public String encrypt(String kid, String pem) {
        try {
            byte[] nonce = new byte[NONCE_BYTES];
            random.nextBytes(nonce);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            byte[] sealed = cipher.doFinal(pem.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[nonce.length + sealed.length];
            System.arraycopy(nonce, 0, out, 0, nonce.length);
            System.arraycopy(sealed, 0, out, nonce.length, sealed.length);
            return PREFIX + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot encrypt a signing key", e);
        }
    }

    /** The PEM of a stored value: decrypted, or as it is when it predates encryption. */
    public String decrypt(String kid, String stored) {
        if (!isEncrypted(stored)) {
            return stored;
        }
        try {
            byte[] in = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, in, 0, NONCE_BYTES));
            cipher.updateAAD(kid.getBytes(StandardCharsets.UTF_8));
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("signing key " + kid + " does not decrypt with lalala.auth.signing-key-secret "
                    + "(was the secret changed?)", e);
        }
    }
}
