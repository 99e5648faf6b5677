package dev.lalala.playlist.user;

import dev.lalala.defaults.jdbc.Db;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.defaults.security.revocation.RevokedAccounts;
import dev.lalala.events.user.ProfileUpdated;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.events.user.UserRegistered;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The read model of accounts ({@code user_summary}), fed by user.events through the declared subscriptions (each
 * handler runs once per event id, in the transaction that records the id). Every handler is also safe to replay
 * and to receive late: a deleted account's row is a tombstone that neither UserRegistered nor ProfileUpdated
 * brings back, UserRegistered never overwrites a newer ProfileUpdated, and ProfileUpdated carries the full state.
 */
@Component
public class UserSummaries {

    static final int MAX_HANDLE = 64;
    static final int MAX_DISPLAY_NAME = 100;

    private final JdbcClient jdbc;
    private final Clock clock;

    public UserSummaries(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A new account: its handle and name, unless a ProfileUpdated came first or the account is gone already. */
    public void registered(UserRegistered event) {
        String handle = clip(event.handle(), MAX_HANDLE);
        jdbc.sql("""
                INSERT INTO user_summary (user_id, handle, display_name, deleted, updated_at)
                VALUES (:id, :handle, :name, FALSE, :now)
                ON DUPLICATE KEY UPDATE
                    handle = IF(deleted, NULL, COALESCE(handle, VALUES(handle))),
                    display_name = IF(deleted, NULL, COALESCE(display_name, VALUES(display_name))),
                    updated_at = VALUES(updated_at)""")
                .param("id", event.userId().toString())
                .param("handle", handle)
                .param("name", displayName(event.displayName(), handle))
                .param("now", Db.utc(Db.now(clock)))
                .update();
    }

    /** The public profile as it now stands (user-service sends the full state with every change). */
    public void profileUpdated(ProfileUpdated event) {
        String handle = clip(event.handle(), MAX_HANDLE);
        jdbc.sql("""
                INSERT INTO user_summary (user_id, handle, display_name, deleted, updated_at)
                VALUES (:id, :handle, :name, FALSE, :now)
                ON DUPLICATE KEY UPDATE
                    handle = IF(deleted, NULL, VALUES(handle)),
                    display_name = IF(deleted, NULL, VALUES(display_name)),
                    updated_at = VALUES(updated_at)""")
                .param("id", event.userId().toString())
                .param("handle", handle)
                .param("name", displayName(event.displayName(), handle))
                .param("now", Db.utc(Db.now(clock)))
                .update();
    }

    /**
     * The account is gone: a tombstone, names forgotten. Taking this row's lock waits for every write of that
     * account still in flight (they hold it shared, {@link #mustBeActive}); those that come later see the tombstone.
     */
    public void deleted(UserDeleted event) {
        jdbc.sql("""
                INSERT INTO user_summary (user_id, handle, display_name, deleted, updated_at)
                VALUES (:id, NULL, NULL, TRUE, :now)
                ON DUPLICATE KEY UPDATE handle = NULL, display_name = NULL, deleted = TRUE,
                    updated_at = VALUES(updated_at)""")
                .param("id", event.userId().toString())
                .param("now", Db.utc(Db.now(clock)))
                .update();
    }

    public Optional<UserSummary> find(UUID userId) {
        return jdbc.sql("SELECT user_id, handle, display_name, deleted FROM user_summary WHERE user_id = :id")
                .param("id", userId.toString())
                .query((rs, n) -> new UserSummary(userId, rs.getString("handle"), rs.getString("display_name"),
                        rs.getBoolean("deleted")))
                .optional();
    }

    /**
     * Checks, inside a write's transaction and before it takes any other lock, that the caller's account still
     * exists: an authenticated caller exists unless this service saw its UserDeleted, so an unknown caller is
     * remembered (its names follow with UserRegistered) and the row is then held shared until the write commits.
     * A UserDeleted handled meanwhile waits for the write, then removes what it wrote; one handled before it makes
     * the write fail here with the platform's 401 {@code account-revoked}, nothing written.
     */
    public void mustBeActive(UUID caller) {
        jdbc.sql("""
                INSERT IGNORE INTO user_summary (user_id, handle, display_name, deleted, updated_at)
                VALUES (:id, NULL, NULL, FALSE, :now)""")
                .param("id", caller.toString())
                .param("now", Db.utc(Db.now(clock)))
                .update();
        boolean deleted = jdbc.sql("SELECT deleted FROM user_summary WHERE user_id = :id LOCK IN SHARE MODE")
                .param("id", caller.toString())
                .query(Boolean.class).single();
        if (deleted) {
            throw revoked();
        }
    }

    /** A quick check without locks, before work that is worth sparing (asking track-service). */
    public void mustNotBeDeleted(UUID caller) {
        if (find(caller).map(UserSummary::deleted).orElse(false)) {
            throw revoked();
        }
    }

    /** The platform's answer to a deleted account's token (as service-defaults' revocation list gives it). */
    private static ApiException revoked() {
        return new ApiException(HttpStatus.UNAUTHORIZED, ProblemTypes.of(RevokedAccounts.PROBLEM_SLUG),
                "Unauthorized", "This account was deleted; its tokens are no longer accepted.");
    }

    /**
     * An account that can be invited: known here and not deleted (404 otherwise, the same for both). Read with a
     * shared lock held until the invitation commits, so that a UserDeleted of the invitee handled at the same time
     * waits for it and then ends the collaboration.
     */
    public UserSummary mustExist(UUID userId) {
        return jdbc.sql("""
                        SELECT user_id, handle, display_name, deleted FROM user_summary WHERE user_id = :id
                        LOCK IN SHARE MODE""")
                .param("id", userId.toString())
                .query((rs, n) -> new UserSummary(userId, rs.getString("handle"), rs.getString("display_name"),
                        rs.getBoolean("deleted")))
                .optional()
                .filter(UserSummary::active)
                .orElseThrow(() -> ApiException.notFound("User", userId));
    }

    /** As user-service shows it: a blank display name falls back to the handle. */
    private static String displayName(String name, String handle) {
        String stripped = name == null ? "" : name.strip();
        return stripped.isEmpty() ? handle : clip(stripped, MAX_DISPLAY_NAME);
    }

    private static String clip(String text, int max) {
        if (text == null) {
            return null;
        }
        return text.codePointCount(0, text.length()) <= max ? text : text.substring(0, text.offsetByCodePoints(0, max));
    }
}
