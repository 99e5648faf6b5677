package dev.lalala.auth.account;

import static dev.lalala.defaults.jdbc.Db.utc;

import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code credential} table. Emails are stored lower-cased. */
@Repository
public class CredentialRepository {

    private static final RowMapper<Credential> ROW = (rs, n) -> new Credential(
            UUID.fromString(rs.getString("user_id")), rs.getString("email"), rs.getString("handle"),
            rs.getString("password_hash"), rs.getBoolean("email_verified"));

    private final JdbcClient jdbc;

    public CredentialRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public static String normalizeEmail(String email) {
        return email == null ? null : email.trim().toLowerCase(Locale.ROOT);
    }

    public Optional<Credential> findByEmail(String email) {
        return jdbc.sql("SELECT * FROM credential WHERE email = :email")
                .param("email", normalizeEmail(email)).query(ROW).optional();
    }

    public Optional<Credential> findById(UUID userId) {
        return jdbc.sql("SELECT * FROM credential WHERE user_id = :id")
                .param("id", userId.toString()).query(ROW).optional();
    }

    public Optional<Credential> findByIdForUpdate(UUID userId) {
        return jdbc.sql("SELECT * FROM credential WHERE user_id = :id FOR UPDATE")
                .param("id", userId.toString()).query(ROW).optional();
    }

    public boolean emailExists(String email) {
        return jdbc.sql("SELECT COUNT(*) FROM credential WHERE email = :email")
                .param("email", normalizeEmail(email)).query(Integer.class).single() > 0;
    }

    public boolean handleExists(String handle) {
        return jdbc.sql("SELECT COUNT(*) FROM credential WHERE handle = :handle")
                .param("handle", handle).query(Integer.class).single() > 0;
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the email or handle is taken */
    public void insert(UUID userId, String email, String handle, String passwordHash, Instant now) {
        jdbc.sql("""
                        INSERT INTO credential (user_id, email, handle, password_hash, email_verified, created_at,
                                                updated_at, password_changed_at)
                        VALUES (:id, :email, :handle, :hash, FALSE, :now, :now, :now)""")
                .param("id", userId.toString())
                .param("email", normalizeEmail(email))
                .param("handle", handle)
                .param("hash", passwordHash)
                .param("now", utc(now))
                .update();
    }

    /** Marks the email verified; false when it already was (or the account is gone). */
    public boolean markVerified(UUID userId, Instant now) {
        return jdbc.sql("""
                        UPDATE credential SET email_verified = TRUE, updated_at = :now
                        WHERE user_id = :id AND email_verified = FALSE""")
                .param("id", userId.toString()).param("now", utc(now)).update() == 1;
    }

    public void updatePassword(UUID userId, String passwordHash, Instant now) {
        jdbc.sql("""
                        UPDATE credential SET password_hash = :hash, password_changed_at = :now, updated_at = :now
                        WHERE user_id = :id""")
                .param("id", userId.toString()).param("hash", passwordHash).param("now", utc(now)).update();
    }

    public void delete(UUID userId) {
        jdbc.sql("DELETE FROM credential WHERE user_id = :id").param("id", userId.toString()).update();
    }
}
