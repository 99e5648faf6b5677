package dev.lalala.auth.keys;

import static dev.lalala.defaults.jdbc.Db.instant;
import static dev.lalala.defaults.jdbc.Db.utc;

import com.nimbusds.jose.jwk.RSAKey;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code signing_key} table. Private keys are stored encrypted ({@link SigningKeyCipher}). */
@Repository
public class SigningKeyRepository {

    private final RowMapper<SigningKey> row;
    private final JdbcClient jdbc;
    private final SigningKeyCipher cipher;

    public SigningKeyRepository(JdbcClient jdbc, SigningKeyCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
        this.row = (rs, n) -> new SigningKey(
                rs.getString("kid"),
                RsaKeys.publicKeyFromPem(rs.getString("public_key")),
                RsaKeys.privateKeyFromPem(cipher.decrypt(rs.getString("kid"), rs.getString("private_key"))),
                instant(rs, "created_at"),
                instant(rs, "retired_at"));
    }

    /**
     * Encrypts the private keys stored in plaintext by a version before encryption at rest (run at start; each row
     * only if it is still plaintext, so instances starting together do not encrypt twice). Returns how many.
     */
    public int encryptPlaintextKeys() {
        List<String[]> plain = jdbc.sql("SELECT kid, private_key FROM signing_key WHERE private_key NOT LIKE 'v1:%'")
                .query((rs, n) -> new String[] {rs.getString("kid"), rs.getString("private_key")}).list();
        int encrypted = 0;
        for (String[] key : plain) {
            encrypted += jdbc.sql("UPDATE signing_key SET private_key = :sealed WHERE kid = :kid AND private_key = :plain")
                    .param("sealed", cipher.encrypt(key[0], key[1])).param("kid", key[0]).param("plain", key[1])
                    .update();
        }
        return encrypted;
    }

    /** The key that signs new tokens, if there is one. */
    public Optional<SigningKey> findActive() {
        return jdbc.sql("SELECT * FROM signing_key WHERE retired_at IS NULL")
                .query(row)
                .optional();
    }

    /**
     * The public halves of the active key and the keys retired after {@code retiredAfter}, newest first. Reads only
     * the public columns: publishing never touches a private key.
     */
    public List<RSAKey> findPublished(Instant retiredAfter) {
        return jdbc.sql("""
                        SELECT kid, public_key FROM signing_key
                        WHERE retired_at IS NULL OR retired_at > :retiredAfter
                        ORDER BY created_at DESC, kid""")
                .param("retiredAfter", utc(retiredAfter))
                .query((rs, n) -> SigningKey.publicJwk(rs.getString("kid"),
                        RsaKeys.publicKeyFromPem(rs.getString("public_key"))))
                .list();
    }

    /**
     * Stores a key.
     *
     * @throws org.springframework.dao.DuplicateKeyException when the key is active and another active key exists
     */
    public void insert(SigningKey key) {
        jdbc.sql("""
                        INSERT INTO signing_key (kid, algorithm, public_key, private_key, created_at, retired_at)
                        VALUES (:kid, :algorithm, :publicKey, :privateKey, :createdAt, :retiredAt)""")
                .param("kid", key.kid())
                .param("algorithm", SigningKey.ALGORITHM)
                .param("publicKey", RsaKeys.toPem(key.publicKey()))
                .param("privateKey", cipher.encrypt(key.kid(), RsaKeys.toPem(key.privateKey())))
                .param("createdAt", utc(key.createdAt()))
                .param("retiredAt", utc(key.retiredAt()))
                .update();
    }

    /** Retires the key if it is still active; false when it was already retired (another instance rotated it). */
    public boolean retire(String kid, Instant now) {
        return jdbc.sql("UPDATE signing_key SET retired_at = :now WHERE kid = :kid AND retired_at IS NULL")
                .param("kid", kid).param("now", utc(now)).update() == 1;
    }
}
