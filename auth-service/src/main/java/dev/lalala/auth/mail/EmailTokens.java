package dev.lalala.auth.mail;

import static dev.lalala.defaults.jdbc.Db.utc;

import dev.lalala.auth.Secrets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Single-use tokens for the links in mails ({@code email_token}); only their SHA-256 is stored. */
@Repository
public class EmailTokens {

    public enum Purpose { VERIFY_EMAIL, RESET_PASSWORD }

    private final JdbcClient jdbc;

    public EmailTokens(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates a token and returns it in clear (the only time it exists in clear: it goes into the mail). */
    public String issue(UUID userId, Purpose purpose, Instant now, Duration lifetime) {
        String token = Secrets.newToken();
        jdbc.sql("""
                        INSERT INTO email_token (token_hash, user_id, purpose, created_at, expires_at)
                        VALUES (:hash, :user, :purpose, :now, :expires)""")
                .param("hash", Secrets.sha256(token))
                .param("user", userId.toString())
                .param("purpose", purpose.name())
                .param("now", utc(now))
                .param("expires", utc(now.plus(lifetime)))
                .update();
        return token;
    }

    /**
     * Uses the token: marks it used and returns its user, when it exists, has this purpose, is unused and unexpired.
     * The conditional update makes it single-use even when two requests race.
     */
    public Optional<UUID> consume(String token, Purpose purpose, Instant now) {
        if (token == null || token.isBlank() || token.length() > 200) {
            return Optional.empty();
        }
        String hash = Secrets.sha256(token);
        int used = jdbc.sql("""
                        UPDATE email_token SET used_at = :now
                        WHERE token_hash = :hash AND purpose = :purpose AND used_at IS NULL AND expires_at > :now""")
                .param("hash", hash).param("purpose", purpose.name()).param("now", utc(now)).update();
        if (used != 1) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT user_id FROM email_token WHERE token_hash = :hash").param("hash", hash)
                .query(String.class).optional().map(UUID::fromString);
    }

    /** The user of the token when it has this purpose, is unused and unexpired; does not use it up. */
    public Optional<UUID> findUsable(String token, Purpose purpose, Instant now) {
        if (token == null || token.isBlank() || token.length() > 200) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        SELECT user_id FROM email_token
                        WHERE token_hash = :hash AND purpose = :purpose AND used_at IS NULL AND expires_at > :now""")
                .param("hash", Secrets.sha256(token)).param("purpose", purpose.name()).param("now", utc(now))
                .query(String.class).optional().map(UUID::fromString);
    }

    /** Any other unused token of this purpose stops working (a new link replaces the old ones). */
    public void invalidateOthers(UUID userId, Purpose purpose, Instant now) {
        jdbc.sql("""
                        UPDATE email_token SET used_at = :now
                        WHERE user_id = :user AND purpose = :purpose AND used_at IS NULL""")
                .param("user", userId.toString()).param("purpose", purpose.name()).param("now", utc(now)).update();
    }

    /** Deletes up to {@code limit} tokens used or expired before {@code cutoff}: neither can be used again. */
    public int deleteUsedOrExpired(Instant cutoff, int limit) {
        return jdbc.sql("DELETE FROM email_token WHERE used_at < :cutoff LIMIT :limit")
                .param("cutoff", utc(cutoff)).param("limit", limit).update()
                + jdbc.sql("DELETE FROM email_token WHERE expires_at < :cutoff LIMIT :limit")
                .param("cutoff", utc(cutoff)).param("limit", limit).update();
    }

    public void deleteAll(UUID userId) {
        jdbc.sql("DELETE FROM email_token WHERE user_id = :user").param("user", userId.toString()).update();
    }
}
