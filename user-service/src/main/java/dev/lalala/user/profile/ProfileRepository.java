package dev.lalala.user.profile;

import static dev.lalala.user.Db.instant;

import dev.lalala.events.user.UserRole;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code user_profile} table. */
@Repository
public class ProfileRepository {

    private static final String COLUMNS = "id, handle, display_name, bio, role, created_at";

    private static final RowMapper<Profile> ROW = (rs, n) -> new Profile(
            UUID.fromString(rs.getString("id")),
            rs.getString("handle"),
            rs.getString("display_name"),
            rs.getString("bio"),
            UserRole.valueOf(rs.getString("role")),
            instant(rs, "created_at"));

    private final JdbcClient jdbc;

    public ProfileRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Profile> findById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM user_profile WHERE id = ?")
                .param(id.toString())
                .query(ROW)
                .optional();
    }

    /** @param handle the stored (lower-case) form */
    public Optional<Profile> findByHandle(String handle) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM user_profile WHERE handle = ?")
                .param(handle)
                .query(ROW)
                .optional();
    }
}
