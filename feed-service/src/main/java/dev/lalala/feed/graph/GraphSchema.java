package dev.lalala.feed.graph;

import java.time.Duration;
import java.util.List;
import org.neo4j.driver.Driver;
import org.neo4j.driver.exceptions.ServiceUnavailableException;
import org.neo4j.driver.exceptions.SessionExpiredException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * The graph's constraints and indexes, created at startup (idempotently, {@code IF NOT EXISTS}) before the service
 * reports ready. The model:
 * <pre>
 * (:User {id, handle, displayName, avatarUrl})                     id unique; profile fields from user.events (later)
 * (:User)-[:FOLLOWS {since}]->(:User)                              since indexed: followers/following newest first
 * (:User)-[:PERFORMED]->(:Activity {id, type, subjectId, at})      id unique, at indexed: the feed, newest first
 * (:ProcessedEvent {id, consumer, processedAt})                    id unique: idempotent Kafka consumers
 * </pre>
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class GraphSchema implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(GraphSchema.class);

    /** Every statement is idempotent; names are stable so that later changes can drop or replace them. */
    public static final List<String> STATEMENTS = List.of(
            "CREATE CONSTRAINT user_id_unique IF NOT EXISTS FOR (u:User) REQUIRE u.id IS UNIQUE",
            "CREATE CONSTRAINT processed_event_id_unique IF NOT EXISTS FOR (e:ProcessedEvent) REQUIRE e.id IS UNIQUE",
            "CREATE CONSTRAINT activity_id_unique IF NOT EXISTS FOR (a:Activity) REQUIRE a.id IS UNIQUE",
            "CREATE INDEX activity_at IF NOT EXISTS FOR (a:Activity) ON (a.at)",
            "CREATE INDEX follows_since IF NOT EXISTS FOR ()-[f:FOLLOWS]-() ON (f.since)");

    private final Driver driver;
    private final Duration wait;

    public GraphSchema(Driver driver, @Value("${lalala.feed.schema-wait:60s}") Duration wait) {
        this.driver = driver;
        this.wait = wait;
    }

    @Override
    public void run(ApplicationArguments args) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                apply();
                return;
            } catch (ServiceUnavailableException | SessionExpiredException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                log.warn("Neo4j is not reachable yet ({}); retrying", e.getMessage());
                Thread.sleep(1_000);
            }
        }
    }

    /** Creates what is missing; schema statements run one per transaction, as Neo4j requires. */
    public void apply() {
        for (String statement : STATEMENTS) {
            driver.executableQuery(statement).execute();
        }
        driver.executableQuery("CALL db.awaitIndexes(60)").execute();
        log.info("Neo4j schema in place ({} constraints and indexes)", STATEMENTS.size());
    }
}
