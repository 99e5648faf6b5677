package dev.lalala.auth.mail;

import static dev.lalala.defaults.jdbc.Db.utc;

import dev.lalala.auth.keys.SigningKeyCipher;
import dev.lalala.defaults.jdbc.Db;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The {@code mail_outbox} table: mails written with the change that calls for them, sent by {@link MailRelay}. The
 * body (it holds a single-use token) is stored encrypted with the installation's secret, the row id as associated
 * data.
 */
@Repository
public class MailOutbox {

    /** A mail due to be sent, decrypted. */
    record Pending(UUID id, String kind, String recipient, String subject, String text, int attempts,
            Instant expiresAt) {
    }

    private final JdbcClient jdbc;
    private final SigningKeyCipher cipher;

    public MailOutbox(JdbcClient jdbc, SigningKeyCipher cipher) {
        this.jdbc = jdbc;
        this.cipher = cipher;
    }

    /** Adds a mail; must run inside the transaction of the change that calls for it (it commits, or not, with it). */
    UUID add(UUID userId, String kind, String recipient, String subject, String text, Instant now, Instant expiresAt) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("A mail must be queued inside the transaction of the change it is about");
        }
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                        INSERT INTO mail_outbox (id, user_id, kind, recipient, subject, body, status, attempts,
                                                 created_at, expires_at, next_attempt_at)
                        VALUES (:id, :user, :kind, :to, :subject, :body, 'PENDING', 0, :now, :expires, :now)""")
                .param("id", id.toString()).param("user", userId.toString()).param("kind", kind)
                .param("to", recipient).param("subject", subject).param("body", cipher.encrypt(id.toString(), text))
                .param("now", utc(now)).param("expires", utc(expiresAt))
                .update();
        return id;
    }

    /**
     * The oldest mail due at {@code now}, locked until the caller's transaction ends; rows another instance holds
     * are skipped, so two relays never send the same mail at once.
     */
    Optional<Pending> lockNextDue(Instant now) {
        return jdbc.sql("""
                        SELECT id, kind, recipient, subject, body, attempts, expires_at FROM mail_outbox
                         WHERE status = 'PENDING' AND next_attempt_at <= :now
                         ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED""")
                .param("now", utc(now))
                .query((rs, n) -> {
                    String id = rs.getString("id");
                    return new Pending(UUID.fromString(id), rs.getString("kind"), rs.getString("recipient"),
                            rs.getString("subject"), cipher.decrypt(id, rs.getString("body")), rs.getInt("attempts"),
                            Db.instant(rs, "expires_at"));
                })
                .optional();
    }

    void markSent(UUID id, Instant now) {
        jdbc.sql("UPDATE mail_outbox SET status = 'SENT', sent_at = :now, attempts = attempts + 1 WHERE id = :id")
                .param("now", utc(now)).param("id", id.toString()).update();
    }

    void markExpired(UUID id) {
        jdbc.sql("UPDATE mail_outbox SET status = 'EXPIRED' WHERE id = :id").param("id", id.toString()).update();
    }

    void retryLater(UUID id, Instant next, String error) {
        jdbc.sql("""
                        UPDATE mail_outbox SET attempts = attempts + 1, next_attempt_at = :next, last_error = :error
                         WHERE id = :id""")
                .param("next", utc(next)).param("error", error.length() > 200 ? error.substring(0, 200) : error)
                .param("id", id.toString()).update();
    }

    /** When the next pending mail is due, if any. */
    Optional<Instant> nextDue() {
        return jdbc.sql("SELECT MIN(next_attempt_at) AS due FROM mail_outbox WHERE status = 'PENDING'")
                .query((rs, n) -> Optional.ofNullable(Db.instant(rs, "due"))).single();
    }

    /** Mails not yet sent (a gauge and a test aid). */
    public long pendingCount() {
        return jdbc.sql("SELECT COUNT(*) FROM mail_outbox WHERE status = 'PENDING'").query(Long.class).single();
    }

    /** Pending mails of a deleted account go with it (their links would not work). */
    public void deleteAll(UUID userId) {
        jdbc.sql("DELETE FROM mail_outbox WHERE user_id = :user").param("user", userId.toString()).update();
    }

    /** Deletes up to {@code limit} mails sent or expired before {@code cutoff}. */
    public int deleteDone(Instant cutoff, int limit) {
        return jdbc.sql("""
                        DELETE FROM mail_outbox WHERE status <> 'PENDING' AND created_at < :cutoff LIMIT :limit""")
                .param("cutoff", utc(cutoff)).param("limit", limit).update();
    }
}
