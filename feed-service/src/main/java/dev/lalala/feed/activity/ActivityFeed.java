package dev.lalala.feed.activity;

import dev.lalala.defaults.paging.CursorPage;
import dev.lalala.defaults.paging.TimeIdCursor;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lalala.feed.user.UserSummary;
import java.time.Duration;
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
 * One of two plans by how much the followees did (below); the top-k runs before the joins either way. Cursor
 * (at, id): items of one millisecond are ordered by id, so none is skipped or repeated between pages.
 */
@Repository
public class ActivityFeed {

    /** What both plans return for one page of activities: the subject and owner joined after the top-k. */
    private static final String RENDER = """
            MATCH (a)-[:ABOUT]->(s)
            OPTIONAL MATCH (owner:User {id: coalesce(s.ownerId, s.id)})
            RETURN a.id AS id, a.kind AS kind, a.at AS at,
                   actor{.id, .handle, .displayName, .avatarUrl} AS actor,
                   CASE WHEN s:Track THEN 'TRACK' WHEN s:Playlist THEN 'PLAYLIST' ELSE 'USER' END AS subjectType,
                   s.id AS subjectId, coalesce(s.title, s.name, s.displayName, s.handle) AS title,
                   coalesce(s.coverUrl, s.avatarUrl) AS imageUrl, s.durationMs AS durationMs, s.genre AS genre,
                   s.trackCount AS trackCount, owner{.id, .handle, .displayName, .avatarUrl} AS owner
            ORDER BY at DESC, id DESC""";

    /**
     * Plan 1, for readers whose followees did a lot: walk the global {@code activity_at} index newest first and keep
     * the activities whose actor the reader follows, until a page is full. Lazy (index order, PartialTop): it reads
     * about page size / (share of all activities that are the followees') entries.
     */
    private static final String WALK_INDEX = """
            MATCH (me:User {id: $userId})
            MATCH (a:Activity) USING INDEX a:Activity(at)
            WHERE a.at <= datetime($afterAt)
            WITH me, a ORDER BY a.at DESC
            MATCH (actor:User)-[:PERFORMED]->(a)
            WHERE EXISTS { (me)-[:FOLLOWS]->(actor) }
              AND (a.at < datetime($afterAt) OR a.id < $afterId)
            WITH actor, a ORDER BY a.at DESC, a.id DESC LIMIT $fetch
            """ + RENDER;

    /**
     * Plan 2, for readers whose followees did little: expand the followees' activities and sort them (cheap when
     * there are few; the index walk would scan far for a sparse match).
     */
    private static final String EXPAND_FOLLOWEES = """
            MATCH (:User {id: $userId})-[:FOLLOWS]->(actor:User)-[:PERFORMED]->(a:Activity)
            WHERE a.at < datetime($afterAt) OR (a.at = datetime($afterAt) AND a.id < $afterId)
            WITH actor, a ORDER BY a.at DESC, a.id DESC LIMIT $fetch
            """ + RENDER;

    /** Relationship degrees are stored per node: this costs one lookup per followee, no activity is read. */
    private static final String FOLLOWEES_ACTIVITY = """
            MATCH (:User {id: $userId})-[:FOLLOWS]->(f:User)
            RETURN sum(COUNT { (f)-[:PERFORMED]->() }) AS n""";

    /** Above this many activities by the followees, walking the time index is cheaper than sorting them all. */
    static final long WALK_THRESHOLD = 2_000;
    private static final String FAR_FUTURE = "9999-12-31T23:59:59.999Z";
    private static final String ABOVE_EVERY_ID = "~";

    private final Neo4jClient neo4j;

    /**
     * The plan last chosen per reader, for a minute: which plan is cheaper changes slowly (with follows and the
     * followees' activity), and both give the same items, so a stale choice costs time, never correctness. Paging
     * through a feed then costs one query per page instead of two.
     */
    private final Cache<UUID, Plan> plans = Caffeine.newBuilder()
            .maximumSize(50_000)
            .expireAfterWrite(Duration.ofMinutes(1))
            .build();

    public ActivityFeed(Neo4jClient neo4j) {
        this.neo4j = neo4j;
    }

    /** The two ways to read a feed; both answer the same items in the same order. */
    public enum Plan {
        WALK_INDEX, EXPAND_FOLLOWEES
    }

    public CursorPage<FeedItem> feedOf(UUID userId, int limit, TimeIdCursor after) {
        return feedOf(userId, limit, after, null);
    }

    /** With {@code plan} null, the cheaper plan for this reader. */
    public CursorPage<FeedItem> feedOf(UUID userId, int limit, TimeIdCursor after, Plan plan) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("userId", userId.toString());
        parameters.put("afterAt", after == null ? FAR_FUTURE : after.at().toString());
        parameters.put("afterId", after == null ? ABOVE_EVERY_ID : after.id().toString());
        parameters.put("fetch", limit + 1);
        if (plan == null) {
            plan = plans.get(userId, this::cheaperPlan);
        }
        List<FeedItem> rows = List.copyOf(neo4j.query(plan == Plan.WALK_INDEX ? WALK_INDEX : EXPAND_FOLLOWEES)
                .bindAll(parameters)
                .fetchAs(FeedItem.class)
                .mappedBy((types, row) -> item(row))
                .all());
        return CursorPage.of(rows, limit, item -> new TimeIdCursor(item.occurredAt(), item.id()).encode());
    }

    private Plan cheaperPlan(UUID userId) {
        long followeesActivity = neo4j.query(FOLLOWEES_ACTIVITY).bind(userId.toString()).to("userId")
                .fetchAs(Long.class).mappedBy((types, row) -> row.get("n").asLong()).one().orElse(0L);
        return followeesActivity > WALK_THRESHOLD ? Plan.WALK_INDEX : Plan.EXPAND_FOLLOWEES;
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
