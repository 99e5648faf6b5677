package dev.lalala.feed.outbox;

import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The transactional outbox, in Neo4j: an {@code (:OutboxEvent)} node written in the same transaction as the graph
 * change it announces, so it exists exactly when the change committed. {@link GraphOutboxRelay} publishes and then
 * deletes it. Must be called inside a transaction (GraphTransactions).
 */
@Component
public class GraphOutbox {

    private static final String ADD = """
            CREATE (:OutboxEvent {id: $id, seq: $seq, topic: $topic, key: $key, type: $type, payload: $payload})""";

    /**
     * Orders the outbox. Taken after the graph write, while the transaction still holds the locks of the nodes it
     * changed, so two changes of one follower pair get their sequence numbers in commit order.
     */
    private final AtomicLong sequence = new AtomicLong(System.currentTimeMillis() * 1_000);
    private final Neo4jClient neo4j;
    private final GraphOutboxRelay relay;

    public GraphOutbox(Neo4jClient neo4j, GraphOutboxRelay relay) {
        this.neo4j = neo4j;
        this.relay = relay;
    }

    /**
     * For a writer that creates the outbox node inside its own statement (one round trip for the change and its
     * event), keyed by a node it writes: this Cypher fragment takes that node's write lock, gives the event the next
     * sequence number of that node ({@code outboxSeq}: at least the clock-based one, above the node's last) and
     * creates the outbox node from the {@code $event} parameter ({@link #parameters}). Because the number is taken
     * under the node's lock, one key's events are numbered in commit order, which is what the relay sends them in.
     * The caller calls {@link #wakeRelayAfterCommit()} when the statement wrote the event.
     */
    public static String createKeyedBy(String keyNode) {
        return """
                SET %1$s.outboxSeq = CASE WHEN %1$s.outboxSeq >= $event.seq THEN %1$s.outboxSeq + 1 ELSE $event.seq END
                CREATE (:OutboxEvent {id: $event.id, seq: %1$s.outboxSeq, topic: $event.topic, key: $event.key,
                                      type: $event.type, payload: $event.payload})""".formatted(keyNode);
    }

    /** The {@code $event} parameter of {@link #createKeyedBy}. */
    public Map<String, Object> parameters(EventEnvelope<?> event) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", event.id().toString());
        p.put("seq", nextSequence());
        p.put("topic", event.topic());
        p.put("key", event.key());
        p.put("type", event.type());
        p.put("payload", EventJson.write(event));
        return p;
    }

    /** Wakes the relay once the current transaction commits (at once outside one). */
    public void wakeRelayAfterCommit() {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    relay.wake();
                }
            });
        } else {
            relay.wake();
        }
    }

    private long nextSequence() {
        return sequence.updateAndGet(previous -> Math.max(previous + 1, System.currentTimeMillis() * 1_000));
    }

    /** Writes an outbox node in its own statement, numbered by this instance's clock-based sequence. */
    public void add(EventEnvelope<?> event) {
        long seq = nextSequence();
        neo4j.query(ADD)
                .bind(event.id().toString()).to("id")
                .bind(seq).to("seq")
                .bind(event.topic()).to("topic")
                .bind(event.key()).to("key")
                .bind(event.type()).to("type")
                .bind(EventJson.write(event)).to("payload")
                .run();
        wakeRelayAfterCommit();
    }
}
