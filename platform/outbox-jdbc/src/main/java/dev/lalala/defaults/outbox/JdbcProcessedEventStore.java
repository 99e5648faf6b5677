package dev.lalala.defaults.outbox;

import dev.lalala.defaults.jdbc.Db;
import dev.lalala.defaults.subscription.ProcessedEventStore;
import java.time.Clock;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The idempotent-consumer half of at-least-once delivery, in the service's own database (table
 * {@code processed_event}): the event id is inserted in the same transaction as the handler's work. A redelivered
 * event finds its id and is skipped; a handler that throws rolls back both, and the retry applies it then.
 */
public class JdbcProcessedEventStore implements ProcessedEventStore {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public JdbcProcessedEventStore(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    @Override
    public boolean applyOnce(String handler, UUID eventId, Runnable work) {
        Boolean applied = transactions.execute(status -> {
            // INSERT IGNORE answers 0 rows for a duplicate key on MySQL and MariaDB alike; a concurrent duplicate
            // waits on the row lock and then sees 0 too.
            int inserted = jdbc.update(
                    "INSERT IGNORE INTO processed_event (consumer, event_id, processed_at) VALUES (?, ?, ?)",
                    handler, eventId.toString(), Db.utc(clock.instant()));
            if (inserted == 0) {
                return false;
            }
            work.run();
            return true;
        });
        return Boolean.TRUE.equals(applied);
    }

    /** Whether the handler applied the event (for tests and operators). */
    public boolean alreadyApplied(String handler, UUID eventId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM processed_event WHERE consumer = ? AND event_id = ?",
                Integer.class, handler, eventId.toString());
        return n != null && n > 0;
    }
}
