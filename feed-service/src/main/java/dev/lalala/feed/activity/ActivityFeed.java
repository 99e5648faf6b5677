package dev.lalala.feed.activity;

import dev.lalala.defaults.paging.TimeIdCursor;
import dev.lalala.defaults.paging.CursorPage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.neo4j.driver.Record;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Repository;

/**
 * A user's feed, read from the graph at request time: the activities of the users they follow, newest first
 * ({@code (:User)-[:FOLLOWS]->(:User)-[:PERFORMED]->(:Activity)}). Activities are written from Kafka events in a
 * later step; until then every feed is empty.
 */
@Repository
public class ActivityFeed {

    private static final String PAGE = """
            MATCH (:User {id: $userId})-[:FOLLOWS]->(actor:User)-[:PERFORMED]->(a:Activity)
            WHERE $afterAt IS NULL
               OR a.at < datetime($afterAt)
               OR (a.at = datetime($afterAt) AND a.id < $afterId)
            RETURN a.id AS id, a.type AS type, actor.id AS actorId, a.subjectId AS subjectId, a.at AS at
            ORDER BY at DESC, id DESC
            LIMIT $fetch""";

    private final Neo4jClient neo4j;

    public ActivityFeed(Neo4jClient neo4j) {
        this.neo4j = neo4j;
    }

    public CursorPage<FeedItem> feedOf(UUID userId, int limit, TimeIdCursor after) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("userId", userId.toString());
        parameters.put("afterAt", after == null ? null : after.at().toString());
        parameters.put("afterId", after == null ? null : after.id().toString());
        parameters.put("fetch", limit + 1);
        List<FeedItem> rows = List.copyOf(neo4j.query(PAGE)
                .bindAll(parameters)
                .fetchAs(FeedItem.class)
                .mappedBy((types, row) -> item(row))
                .all());
        return CursorPage.of(rows, limit, item -> new TimeIdCursor(item.occurredAt(), item.id()).encode());
    }

    private static FeedItem item(Record row) {
        return new FeedItem(UUID.fromString(row.get("id").asString()), row.get("type").asString(),
                UUID.fromString(row.get("actorId").asString()),
                row.get("subjectId").isNull() ? null : UUID.fromString(row.get("subjectId").asString()),
                row.get("at").asZonedDateTime().toInstant());
    }
}
