package dev.lalala.feed.activity;

import dev.lalala.defaults.paging.CursorPage;
import dev.lalala.defaults.paging.TimeIdCursor;
import dev.lalala.feed.user.UserSummary;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Repository;

/**
 * A user's feed, assembled at read time (fan-out on read, see docs/feed.md for why): the activities of the users
 * they follow, newest first, each joined with its actor and subject so the client renders it without another call.
 * The top-k (ORDER BY ... LIMIT) runs before the joins, so only one page of subjects is looked up.
 */
@Repository
public class ActivityFeed {

    private static final String PAGE = """
            MATCH (:User {id: $userId})-[:FOLLOWS]->(actor:User)-[:PERFORMED]->(a:Activity)
            WHERE $afterAt IS NULL
               OR a.at < datetime($afterAt)
               OR (a.at = datetime($afterAt) AND a.id < $afterId)
            WITH actor, a ORDER BY a.at DESC, a.id DESC LIMIT $fetch
            MATCH (a)-[:ABOUT]->(s)
            OPTIONAL MATCH (owner:User {id: coalesce(s.ownerId, s.id)})
            RETURN a.id AS id, a.kind AS kind, a.at AS at,
                   actor{.id, .handle, .displayName, .avatarUrl} AS actor,
                   CASE WHEN s:Track THEN 'TRACK' WHEN s:Playlist THEN 'PLAYLIST' ELSE 'USER' END AS subjectType,
                   s.id AS subjectId, coalesce(s.title, s.name, s.displayName, s.handle) AS title,
                   coalesce(s.coverUrl, s.avatarUrl) AS imageUrl, s.durationMs AS durationMs, s.genre AS genre,
                   s.trackCount AS trackCount, owner{.id, .handle, .displayName, .avatarUrl} AS owner
            ORDER BY at DESC, id DESC""";

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
        FeedItem.Subject subject = new FeedItem.Subject(row.get("subjectType").asString(),
                UUID.fromString(row.get("subjectId").asString()), text(row.get("title")), text(row.get("imageUrl")),
                row.get("durationMs").isNull() ? null : row.get("durationMs").asLong(), text(row.get("genre")),
                row.get("trackCount").isNull() ? null : row.get("trackCount").asInt(),
                UserSummary.of(row.get("owner")));
        return new FeedItem(UUID.fromString(row.get("id").asString()), ActivityKind.valueOf(row.get("kind").asString()),
                UserSummary.of(row.get("actor")), subject, row.get("at").asZonedDateTime().toInstant());
    }

    private static String text(Value value) {
        return value.isNull() ? null : value.asString();
    }
}
