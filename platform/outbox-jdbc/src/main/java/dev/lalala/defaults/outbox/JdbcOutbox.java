package dev.lalala.defaults.outbox;

import dev.lalala.defaults.jdbc.Db;

import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.EventPayload;
import dev.lalala.events.EventType;
import java.time.Clock;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/** The outbox in the service's own MySQL/MariaDB database, table {@code outbox_event}. */
public class JdbcOutbox implements Outbox {

    private final JdbcTemplate jdbc;
    private final TraceContextCarrier traces;
    private final OutboxRelay relay;
    private final Clock clock;

    public JdbcOutbox(JdbcTemplate jdbc, TraceContextCarrier traces, OutboxRelay relay, Clock clock) {
        this.jdbc = jdbc;
        this.traces = traces;
        this.relay = relay;
        this.clock = clock;
    }

    @Override
    public <P extends EventPayload> EventEnvelope<P> publish(EventType<P> type, P payload) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException(
                    "Outbox.publish must run inside the transaction that makes the change it announces");
        }
        EventEnvelope<P> envelope = EventEnvelope.of(type, payload, clock);
        jdbc.update("""
                INSERT INTO outbox_event (event_id, topic, event_key, event_type, payload, trace_parent, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                envelope.id().toString(), type.topic(), envelope.key(), type.name(), EventJson.write(envelope),
                traces.capture(), Db.utc(envelope.occurredAt()));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                relay.wake();
            }
        });
        return envelope;
    }
}
