package dev.lalala.defaults.outbox;

import dev.lalala.defaults.jdbc.Db;

import java.time.LocalDateTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes outbox rows to Kafka in the order they were written, then marks them published. Woken right after
 * each commit that added events, and otherwise every poll interval, so events left behind by a crash or by a
 * Kafka outage go out as soon as possible. Delivery is at least once: a crash between send and mark sends the
 * batch again, which the consumers' idempotence absorbs.
 */
public class OutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private static final String SELECT_PENDING = """
            SELECT seq, event_id, topic, event_key, event_type, payload, trace_parent
            FROM outbox_event WHERE published_at IS NULL ORDER BY seq LIMIT ? FOR UPDATE""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final KafkaTemplate<String, String> kafka;
    private final OutboxProperties properties;
    private final TraceContextCarrier traces;
    private final Clock clock;
    private final Semaphore wakeups = new Semaphore(0);

    private volatile boolean running;
    private volatile Thread thread;
    private volatile long lastCleanup;

    public OutboxRelay(JdbcTemplate jdbc, PlatformTransactionManager transactionManager,
            KafkaTemplate<String, String> kafka, OutboxProperties properties, TraceContextCarrier traces,
            Clock clock) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactionManager);
        // READ COMMITTED: no gap locks, so writers adding new events never wait for a batch on its way to Kafka.
        this.transactions.setIsolationLevel(TransactionDefinition.ISOLATION_READ_COMMITTED);
        this.kafka = kafka;
        this.properties = properties;
        this.traces = traces;
        this.clock = clock;
    }

    /** Asks the relay to run now (called after a commit that added events). */
    public void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    /**
     * Publishes one batch of pending events.
     *
     * @return how many events were published
     */
    public int relayOnce() {
        Integer published = transactions.execute(status -> {
            List<PendingEvent> pending = jdbc.query(SELECT_PENDING, (rs, n) -> new PendingEvent(
                    rs.getLong("seq"), rs.getString("event_id"), rs.getString("topic"), rs.getString("event_key"),
                    rs.getString("event_type"), rs.getString("payload"), rs.getString("trace_parent")),
                    properties.getBatchSize());
            if (pending.isEmpty()) {
                return 0;
            }
            List<CompletableFuture<?>> sends = new ArrayList<>(pending.size());
            for (PendingEvent event : pending) {
                sends.add(traces.continueTrace(event.traceParent(), "outbox publish " + event.type(),
                        () -> kafka.send(record(event))));
            }
            try {
                CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                        .get(properties.getSendTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                throw new OutboxPublishException("Kafka did not acknowledge " + pending.size() + " events", e);
            }
            LocalDateTime now = Db.utc(clock.instant());
            jdbc.batchUpdate("UPDATE outbox_event SET published_at = ? WHERE seq = ?",
                    pending.stream().map(e -> new Object[] {now, e.seq()}).toList());
            return pending.size();
        });
        return published == null ? 0 : published;
    }

    private static ProducerRecord<String, String> record(PendingEvent event) {
        ProducerRecord<String, String> record =
                new ProducerRecord<>(event.topic(), event.key(), event.payload());
        record.headers().add("event-type", event.type().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        record.headers().add("event-id", event.eventId().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return record;
    }

    /** Deletes published events older than the retention. */
    public int cleanUp() {
        LocalDateTime before = Db.utc(clock.instant().minus(properties.getRetention()));
        return jdbc.update("DELETE FROM outbox_event WHERE published_at IS NOT NULL AND published_at < ? LIMIT 5000",
                before);
    }

    /** How many events wait to be published (a metric and a test aid). */
    public long pendingCount() {
        Long count = jdbc.queryForObject("SELECT COUNT(*) FROM outbox_event WHERE published_at IS NULL", Long.class);
        return count == null ? 0 : count;
    }

    private void loop() {
        Duration backOff = properties.getPollInterval();
        while (running) {
            try {
                int published = relayOnce();
                backOff = properties.getPollInterval();
                maybeCleanUp();
                if (published >= properties.getBatchSize()) {
                    continue;
                }
            } catch (RuntimeException e) {
                if (!running) {
                    break;
                }
                log.warn("Outbox relay could not publish; retrying in {} ms: {}", backOff.toMillis(), e.toString());
                backOff = backOff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                        ? Duration.ofSeconds(5)
                        : backOff.multipliedBy(2);
            }
            try {
                if (wakeups.tryAcquire(backOff.toMillis(), TimeUnit.MILLISECONDS)) {
                    wakeups.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void maybeCleanUp() {
        long now = clock.millis();
        if (now - lastCleanup > Duration.ofMinutes(10).toMillis()) {
            lastCleanup = now;
            cleanUp();
        }
    }

    @Override
    public void start() {
        running = true;
        Thread t = new Thread(this::loop, "outbox-relay");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            wake();
            try {
                t.join(properties.getSendTimeout().toMillis() + 1_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Start after Kafka producers and the database are up; stop before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    private record PendingEvent(
            long seq, String eventId, String topic, String key, String type, String payload, String traceParent) {
    }

    static class OutboxPublishException extends RuntimeException {
        OutboxPublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
