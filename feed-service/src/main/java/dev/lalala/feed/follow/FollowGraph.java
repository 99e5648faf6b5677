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
            RETURN COUNT { (u)<-[:FOLLOWS]-() } AS followers, COUNT { (u)-[:FOLLOWS]->() } AS following,
                   $viewer IS NOT NULL AND EXISTS { (:User {id: $viewer})-[:FOLLOWS]->(u) } AS followedByYou""";

    private static final String PAGE = """
            MATCH %s
            WHERE $afterAt IS NULL
               OR f.since < datetime($afterAt)
               OR (f.since = datetime($afterAt) AND other.id < $afterId)
            WITH other, f ORDER BY f.since DESC, other.id DESC LIMIT $fetch
            RETURN other.id AS userId, other.handle AS handle, other.displayName AS displayName,
                   other.avatarUrl AS avatarUrl, f.since AS since,
                   $viewer IS NOT NULL AND EXISTS { (:User {id: $viewer})-[:FOLLOWS]->(other) } AS followedByYou
            ORDER BY since DESC, userId DESC""";

    private final Neo4jClient neo4j;

    public FollowGraph(Neo4jClient neo4j) {
        this.neo4j = neo4j;
    }

    /** Zero and zero for a user the graph does not know; {@code viewer} (may be null) is asked whether they follow. */
    public FollowCounts counts(UUID userId, UUID viewer) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("userId", userId.toString());
        parameters.put("viewer", viewer == null ? null : viewer.toString());
        return neo4j.query(COUNTS)
                .bindAll(parameters)
                .fetchAs(FollowCounts.class)
                .mappedBy((types, row) -> new FollowCounts(userId, row.get("followers").asLong(),
                        row.get("following").asLong(), row.get("followedByYou").asBoolean()))
                .one()
                .orElse(new FollowCounts(userId, 0, 0, false));
    }

    public CursorPage<FollowEntry> followers(UUID userId, UUID viewer, int limit, TimeIdCursor after) {
        return page(Direction.FOLLOWERS, userId, viewer, limit, after);
    }

    public CursorPage<FollowEntry> following(UUID userId, UUID viewer, int limit, TimeIdCursor after) {
        return page(Direction.FOLLOWING, userId, viewer, limit, after);
    }

    private CursorPage<FollowEntry> page(Direction direction, UUID userId, UUID viewer, int limit,
            TimeIdCursor after) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("viewer", viewer == null ? null : viewer.toString());
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
                text(row.get("displayName")), text(row.get("avatarUrl")), row.get("since").asZonedDateTime().toInstant(),
                row.get("followedByYou").asBoolean());
    }

    private static String text(Value value) {
        return value.isNull() ? null : value.asString();
    }
}
