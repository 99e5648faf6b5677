package dev.lalala.user.profile;

import static dev.lalala.defaults.jdbc.Db.instant;
import static dev.lalala.defaults.jdbc.Db.utc;

import dev.lalala.events.user.UserRole;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code user_profile} table. */
@Repository
public class ProfileRepository {

    private static final String COLUMNS =
            "id, handle, email, email_verified, display_name, bio, role, avatar_key, created_at, updated_at";

    private static final RowMapper<ProfileRow> ROW = (rs, n) -> new ProfileRow(
            UUID.fromString(rs.getString("id")),
            rs.getString("handle"),
            rs.getString("email"),
            rs.getBoolean("email_verified"),
            rs.getString("display_name"),
            rs.getString("bio"),
            UserRole.valueOf(rs.getString("role")),
            rs.getString("avatar_key"),
            instant(rs, "created_at"),
            instant(rs, "updated_at"));

    private final JdbcClient jdbc;

    public ProfileRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Profile> findById(UUID id) {
        return find(id).map(ProfileRow::toPublic);
    }

    public Optional<ProfileRow> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM user_profile WHERE id = ?")
                .param(id.toString())
                .query(ROW)
                .optional();
    }

    /** The row, locked until the transaction ends: concurrent edits of one profile apply one after the other. */
    public Optional<ProfileRow> lock(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM user_profile WHERE id = ? FOR UPDATE")
                .param(id.toString())
                .query(ROW)
                .optional();
    }

    /** @param handle the stored (lower-case) form */
    public Optional<Profile> findByHandle(String handle) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM user_profile WHERE handle = ?")
                .param(handle)
                .query(ROW)
                .optional()
                .map(ProfileRow::toPublic);
    }

    public boolean exists(UUID id) {
        return jdbc.sql("SELECT COUNT(*) FROM user_profile WHERE id = ?").param(id.toString())
                .query(Integer.class).single() > 0;
    }

    public boolean handleTaken(String handle) {
        return jdbc.sql("SELECT COUNT(*) FROM user_profile WHERE handle = ?").param(handle)
                .query(Integer.class).single() > 0;
    }

    /** @throws org.springframework.dao.DuplicateKeyException when the id or the handle is taken */
    public void insert(UUID id, String handle, String email, String displayName, Instant at) {
        jdbc.sql("""
                INSERT INTO user_profile (id, handle, email, email_verified, display_name, bio, avatar_key, role,
                                          created_at, updated_at)
                VALUES (?, ?, ?, FALSE, ?, NULL, NULL, 'LISTENER', ?, ?)""")
                .params(id.toString(), handle, email, displayName, utc(at), utc(at))
                .update();
    }

    public void updateDetails(UUID id, String displayName, String bio, Instant at) {
        jdbc.sql("UPDATE user_profile SET display_name = ?, bio = ?, updated_at = ? WHERE id = ?")
                .params(displayName, bio, utc(at), id.toString())
                .update();
    }

    public void setAvatarKey(UUID id, String avatarKey, Instant at) {
        jdbc.sql("UPDATE user_profile SET avatar_key = ?, updated_at = ? WHERE id = ?")
                .params(avatarKey, utc(at), id.toString())
                .update();
    }

    /** @return true if the user was a listener and is now an artist */
    public boolean promoteToArtist(UUID id, Instant at) {
        return jdbc.sql("UPDATE user_profile SET role = 'ARTIST', updated_at = ? WHERE id = ? AND role = 'LISTENER'")
                .params(utc(at), id.toString())
                .update() == 1;
    }

    public void markEmailVerified(UUID id, String email, Instant at) {
        jdbc.sql("UPDATE user_profile SET email = ?, email_verified = TRUE, updated_at = ? WHERE id = ?")
                .params(email, utc(at), id.toString())
                .update();
    }

    public boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM user_profile WHERE id = ?").param(id.toString()).update() == 1;
    }
}
