package dev.lalala.feed.follow;

import dev.lalala.defaults.paging.TimeIdCursor;
import dev.lalala.defaults.paging.CursorPage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.neo4j.driver.Record;
import org.neo4j.driver.Value;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Repository;

/** Reads of the follow graph: {@code (:User)-[:FOLLOWS {since}]->(:User)}. */
@Repository
public class FollowGraph {

    /** Both directions share one query shape; only the pattern differs. */
    enum Direction {
        FOLLOWERS("(other:User)-[f:FOLLOWS]->(:User {id: $userId})"),
        FOLLOWING("(:User {id: $userId})-[f:FOLLOWS]->(other:User)");

        private final String pattern;

        Direction(String pattern) {
            this.pattern = pattern;
        }
    }

    // Degrees come from Neo4j's relationship counts (no label on the far end), so counting stays cheap.
    private static final String COUNTS = """
            MATCH (u:User {id: $userId})
            RETURN COUNT { (u)<-[:FOLLOWS]-() } AS followers, COUNT { (u)-[:FOLLOWS]->() } AS following""";

    private static final String PAGE = """
            MATCH %s
            WHERE $afterAt IS NULL
               OR f.since < datetime($afterAt)
               OR (f.since = datetime($afterAt) AND other.id < $afterId)
            RETURN other.id AS userId, other.handle AS handle, other.displayName AS displayName, f.since AS since
            ORDER BY since DESC, userId DESC
            LIMIT $fetch""";

    private final Neo4jClient neo4j;

    public FollowGraph(Neo4jClient neo4j) {
        this.neo4j = neo4j;
    }

    /** Zero and zero for a user the graph does not know. */
    public FollowCounts counts(UUID userId) {
        return neo4j.query(COUNTS)
                .bind(userId.toString()).to("userId")
                .fetchAs(FollowCounts.class)
                .mappedBy((types, row) -> new FollowCounts(userId, row.get("followers").asLong(),
                        row.get("following").asLong()))
                .one()
                .orElse(new FollowCounts(userId, 0, 0));
    }

    public CursorPage<FollowEntry> followers(UUID userId, int limit, TimeIdCursor after) {
        return page(Direction.FOLLOWERS, userId, limit, after);
    }

    public CursorPage<FollowEntry> following(UUID userId, int limit, TimeIdCursor after) {
        return page(Direction.FOLLOWING, userId, limit, after);
    }

    private CursorPage<FollowEntry> page(Direction direction, UUID userId, int limit, TimeIdCursor after) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("userId", userId.toString());
        parameters.put("afterAt", after == null ? null : after.at().toString());
        parameters.put("afterId", after == null ? null : after.id().toString());
        parameters.put("fetch", limit + 1);
        List<FollowEntry> rows = List.copyOf(neo4j.query(PAGE.formatted(direction.pattern))
                .bindAll(parameters)
                .fetchAs(FollowEntry.class)
                .mappedBy((types, row) -> entry(row))
                .all());
        return CursorPage.of(rows, limit, e -> new TimeIdCursor(e.since(), e.userId()).encode());
    }

    private static FollowEntry entry(Record row) {
        return new FollowEntry(UUID.fromString(row.get("userId").asString()), text(row.get("handle")),
                text(row.get("displayName")), row.get("since").asZonedDateTime().toInstant());
    }

    private static String text(Value value) {
        return value.isNull() ? null : value.asString();
    }
}
