package dev.lalala.feed.graph;

import dev.lalala.defaults.subscription.ProcessedEventStore;
import java.time.Instant;
import java.util.UUID;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Component;

/**
 * The idempotent-consumer store in Neo4j: a {@code (:ProcessedEvent {id: "<handler>:<event id>"})} node created in
 * the same transaction as the handler's writes. A redelivery finds the node and is skipped; a handler that throws
 * rolls back both. Two deliveries racing each other meet on the uniqueness constraint: the loser's MERGE sees the
 * winner's node after it commits (or the loser fails with a transient error and is retried).
 */
@Component
public class Neo4jProcessedEventStore implements ProcessedEventStore {

    private static final String RECORD = """
            MERGE (e:ProcessedEvent {id: $id})
            ON CREATE SET e.consumer = $handler, e.eventId = $eventId, e.processedAt = datetime($now), e.fresh = true
            WITH e, coalesce(e.fresh, false) AS fresh
            REMOVE e.fresh
            RETURN fresh""";

    private final Neo4jClient neo4j;
    private final GraphTransactions transactions;

    public Neo4jProcessedEventStore(Neo4jClient neo4j, GraphTransactions transactions) {
        this.neo4j = neo4j;
        this.transactions = transactions;
    }

    @Override
    public boolean applyOnce(String handler, UUID eventId, Runnable work) {
        return transactions.write(() -> {
            boolean fresh = neo4j.query(RECORD)
                    .bind(handler + ":" + eventId).to("id")
                    .bind(handler).to("handler")
                    .bind(eventId.toString()).to("eventId")
                    .bind(Instant.now().toString()).to("now")
                    .fetchAs(Boolean.class).mappedBy((types, row) -> row.get("fresh").asBoolean())
                    .one().orElse(false);
            if (fresh) {
                work.run();
            }
            return fresh;
        });
    }

    /** Whether the handler applied the event (tests and operators). */
    public boolean alreadyApplied(String handler, UUID eventId) {
        return neo4j.query("MATCH (e:ProcessedEvent {id: $id}) RETURN count(e) > 0 AS applied")
                .bind(handler + ":" + eventId).to("id")
                .fetchAs(Boolean.class).mappedBy((types, row) -> row.get("applied").asBoolean())
                .one().orElse(false);
    }
}
