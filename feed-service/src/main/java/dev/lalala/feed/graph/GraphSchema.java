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
 * (:User {id, handle, displayName, avatarUrl, artist})            id unique; profile fields from user.events
 * (:DeletedUser {id})                                              id unique: a tombstone, so nobody follows a deleted
 *                                                                  account and a late profile event cannot revive it
 * (:User)-[:FOLLOWS {since}]->(:User)                              since indexed: followers/following newest first
 * (:User)-[:BLOCKS {since}]->(:User)                               the blocked may not follow or be suggested
 * (:Track {id, ownerId, title, ...}), (:Playlist {id, ...})        read models of what activities are about
 * (:User)-[:PERFORMED]->(:Activity {id, kind, subjectId, at})      id unique, at and subjectId indexed: the feed
 *    (:Activity)-[:ABOUT]->(:Track|:Playlist|:User)                newest first, and cascades by subject
 * (:ProcessedEvent {id, consumer, processedAt})                    id (handler + event id) unique: idempotence
 * (:OutboxEvent {id, seq, topic, key, type, payload})              id unique, seq indexed: the follow.events outbox
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
            "CREATE INDEX follows_since IF NOT EXISTS FOR ()-[f:FOLLOWS]-() ON (f.since)",
            "CREATE CONSTRAINT deleted_user_id_unique IF NOT EXISTS FOR (u:DeletedUser) REQUIRE u.id IS UNIQUE",
            "CREATE CONSTRAINT track_id_unique IF NOT EXISTS FOR (t:Track) REQUIRE t.id IS UNIQUE",
            "CREATE CONSTRAINT playlist_id_unique IF NOT EXISTS FOR (p:Playlist) REQUIRE p.id IS UNIQUE",
            "CREATE CONSTRAINT outbox_event_id_unique IF NOT EXISTS FOR (o:OutboxEvent) REQUIRE o.id IS UNIQUE",
            "CREATE INDEX outbox_event_seq IF NOT EXISTS FOR (o:OutboxEvent) ON (o.seq)",
            "CREATE INDEX activity_subject IF NOT EXISTS FOR (a:Activity) ON (a.subjectId)",
            "CREATE INDEX user_artist IF NOT EXISTS FOR (u:User) ON (u.artist)");

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
