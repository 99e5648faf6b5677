package dev.lalala.auth.session;

import static dev.lalala.defaults.jdbc.Db.instant;
import static dev.lalala.defaults.jdbc.Db.utc;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code refresh_token} table: SHA-256 of each token, its family (session) and state. */
@Repository
public class RefreshTokens {

    public record Row(String tokenHash, UUID familyId, UUID userId, Instant expiresAt, Instant rotatedAt,
            Instant revokedAt) {
    }

    private static final RowMapper<Row> ROW = (rs, n) -> new Row(rs.getString("token_hash"),
            UUID.fromString(rs.getString("family_id")), UUID.fromString(rs.getString("user_id")),
            instant(rs, "expires_at"), instant(rs, "rotated_at"), instant(rs, "revoked_at"));

    private final JdbcClient jdbc;

    public RefreshTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(String hash, UUID familyId, UUID userId, Instant now, Instant expiresAt) {
        jdbc.sql("""
                        INSERT INTO refresh_token (token_hash, family_id, user_id, created_at, expires_at)
                        VALUES (:hash, :family, :user, :now, :expires)""")
                .param("hash", hash).param("family", familyId.toString()).param("user", userId.toString())
                .param("now", utc(now)).param("expires", utc(expiresAt))
                .update();
    }

    /** The token's row, locked until the transaction ends (two refreshes with one token are serialised). */
    public Optional<Row> findForUpdate(String hash) {
        return jdbc.sql("SELECT * FROM refresh_token WHERE token_hash = :hash FOR UPDATE")
                .param("hash", hash).query(ROW).optional();
    }

    public Optional<Row> find(String hash) {
        return jdbc.sql("SELECT * FROM refresh_token WHERE token_hash = :hash").param("hash", hash).query(ROW).optional();
    }

    public void markRotated(String hash, Instant now) {
        jdbc.sql("UPDATE refresh_token SET rotated_at = :now WHERE token_hash = :hash")
                .param("hash", hash).param("now", utc(now)).update();
    }

    public int revokeFamily(UUID familyId, Instant now) {
        return jdbc.sql("UPDATE refresh_token SET revoked_at = :now WHERE family_id = :family AND revoked_at IS NULL")
                .param("family", familyId.toString()).param("now", utc(now)).update();
    }

    /** Revokes every session of the user, except {@code keep} (may be null); returns how many sessions were live. */
    public int revokeAll(UUID userId, UUID keep, Instant now) {
        int live = jdbc.sql("""
                        SELECT COUNT(DISTINCT family_id) FROM refresh_token
                        WHERE user_id = :user AND revoked_at IS NULL AND rotated_at IS NULL AND family_id <> :keep""")
                .param("user", userId.toString())
                .param("keep", keep == null ? "" : keep.toString())
                .query(Integer.class).single();
        jdbc.sql("""
                        UPDATE refresh_token SET revoked_at = :now
                        WHERE user_id = :user AND revoked_at IS NULL AND family_id <> :keep""")
                .param("user", userId.toString())
                .param("keep", keep == null ? "" : keep.toString())
                .param("now", utc(now))
                .update();
        return live;
    }

    /**
     * Deletes up to {@code limit} tokens that expired before {@code cutoff}, whatever their state: an expired token
     * is refused anyway, and a rotated or revoked one is kept until then for reuse detection.
     */
    public int deleteExpired(Instant cutoff, int limit) {
        return jdbc.sql("DELETE FROM refresh_token WHERE expires_at < :cutoff LIMIT :limit")
                .param("cutoff", utc(cutoff)).param("limit", limit).update();
    }

    public void deleteAll(UUID userId) {
        jdbc.sql("DELETE FROM refresh_token WHERE user_id = :user").param("user", userId.toString()).update();
    }
}
