package dev.lalala.feed.outbox;

import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
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

    public void add(EventEnvelope<?> event) {
        long seq = sequence.updateAndGet(previous -> Math.max(previous + 1, System.currentTimeMillis() * 1_000));
        neo4j.query(ADD)
                .bind(event.id().toString()).to("id")
                .bind(seq).to("seq")
                .bind(event.topic()).to("topic")
                .bind(event.key()).to("key")
                .bind(event.type()).to("type")
                .bind(EventJson.write(event)).to("payload")
                .run();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    relay.wake();
                }
            });
        }
    }
}
