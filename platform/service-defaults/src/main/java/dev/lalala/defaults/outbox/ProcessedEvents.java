package dev.lalala.defaults.outbox;

import java.time.Clock;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The idempotent-consumer half of at-least-once delivery: a consumer applies an event at most once, because
 * the event id is recorded in the same transaction as the work. A redelivered event finds its id and is skipped;
 * a crash before commit rolls back both, and the redelivery applies it then.
 */
public class ProcessedEvents {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public ProcessedEvents(JdbcTemplate jdbc, PlatformTransactionManager transactionManager, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        this.clock = clock;
    }

    /**
     * Runs {@code work} in a transaction, unless this consumer already applied this event.
     *
     * @param consumer a stable name for the handler (one event may be applied by several handlers of a service)
     * @return true if the work ran now, false if the event was a duplicate
     */
    public boolean applyOnce(String consumer, UUID eventId, Runnable work) {
        Boolean applied = transactions.execute(status -> {
            // INSERT IGNORE answers 0 rows for a duplicate key on MySQL and MariaDB alike; a concurrent duplicate
            // waits on the row lock and then sees 0 too.
            int inserted = jdbc.update(
                    "INSERT IGNORE INTO processed_event (consumer, event_id, processed_at) VALUES (?, ?, ?)",
                    consumer, eventId.toString(), Utc.of(clock.instant()));
            if (inserted == 0) {
                return false;
            }
            work.run();
            return true;
        });
        return Boolean.TRUE.equals(applied);
    }

    public boolean alreadyApplied(String consumer, UUID eventId) {
        Integer n = jdbc.queryForObject("SELECT COUNT(*) FROM processed_event WHERE consumer = ? AND event_id = ?",
                Integer.class, consumer, eventId.toString());
        return n != null && n > 0;
    }
}
