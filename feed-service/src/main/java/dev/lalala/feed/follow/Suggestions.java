package dev.lalala.feed.follow;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lalala.feed.user.UserSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.neo4j.driver.Record;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Repository;

/**
 * "Followed by people you follow": friends of friends the caller does not follow yet, ranked by how many of the
 * caller's followees follow them. A user who follows nobody (or whose followees follow nobody new) gets the most
 * followed artists instead. Nobody who blocked the caller, or whom the caller blocked, is ever suggested.
 *
 * <p>Counting the friends of friends is the costly part (someone who follows 1,000 people has about 10,000 paths:
 * 20 ms of Neo4j CPU), and the answer changes slowly, so each reader's ranked list is kept for a minute
 * ({@link #LIST_LIFETIME}), and ranked again at once when the reader follows or unfollows someone, on this instance or
 * another (their follow version moved). What must never be stale is checked on every read, over the few kept ids
 * only: someone the reader follows by now, a block in either direction (made by the other user too), an account
 * deleted since.
 */
@Repository
public class Suggestions {

    public static final int MAX_LIMIT = 50;

    /**
     * Counts first, filters once per candidate set, names last. The caller's blocks (both directions) are read once
     * into a list; "not followed yet" is a triadic check against the followees the first hop already expanded (no
     * store access per path); the candidates are counted (one row each), the top {@code limit} kept, and only then are
     * the names of at most three mutual followees and the follower count read, for those few. Checking a block per
     * path from the candidate's side walked every candidate's relationship chain: 25 times the store reads of this.
     */
    private static final String FRIENDS_OF_FRIENDS = """
            MATCH (me:User {id: $me})
            WITH me, COLLECT { MATCH (me)-[:BLOCKS]-(b) RETURN DISTINCT b } AS blocked
            MATCH (me)-[:FOLLOWS]->(f)-[:FOLLOWS]->(s)
            WHERE s <> me AND NOT EXISTS { (me)-[:FOLLOWS]->(s) } AND NOT s IN blocked
            WITH me, s, count(*) AS mutual
            ORDER BY mutual DESC, s.id
            LIMIT $limit
            RETURN s{.id, .handle, .displayName, .avatarUrl} AS user, mutual,
                   COLLECT { MATCH (me)-[:FOLLOWS]->(f)-[:FOLLOWS]->(s)
                             WITH coalesce(f.displayName, f.handle) AS name WHERE name IS NOT NULL
                             RETURN name ORDER BY name LIMIT 3 } AS names,
                   COUNT { (s)<-[:FOLLOWS]-() } AS followers
            ORDER BY mutual DESC, s.id""";

    /**
     * The most followed artists, minus the caller, whom they follow and whom they blocked or who blocked them. Ranked
     * first and filtered after: at most {@code excluded} (the caller's follows and blocks) of the top
     * {@code limit + excluded} can drop out, so checking those few suffices.
     */
    private static final String POPULAR_ARTISTS = """
            OPTIONAL MATCH (me:User {id: $me})
            WITH me, CASE WHEN me IS NULL THEN 0
                          ELSE COUNT { (me)-[:FOLLOWS]->() } + COUNT { (me)-[:BLOCKS]-() } END + 1 AS excluded
            MATCH (s:User {artist: true})
            WITH me, excluded, s, COUNT { (s)<-[:FOLLOWS]-() } AS followers
            ORDER BY followers DESC, s.id
            WITH me, excluded, collect({s: s, followers: followers}) AS ranked
            UNWIND ranked[0..$limit + excluded] AS r
            WITH me, r.s AS s, r.followers AS followers
            WHERE s.id <> $me
              AND (me IS NULL OR (NOT EXISTS { (me)-[:FOLLOWS]->(s) } AND NOT EXISTS { (me)-[:BLOCKS]-(s) }))
            RETURN s{.id, .handle, .displayName, .avatarUrl} AS user, 0 AS mutual, [] AS names, followers
            ORDER BY followers DESC, user.id
            LIMIT $limit""";

    /**
     * The reader's follow version and, of the kept ids, those still fit to suggest: there, not the reader, not
     * followed, no block either way. The version is {@code outboxSeq}, which every follow and unfollow of the reader
     * raises (GraphOutbox numbers their events with it) on whichever instance it ran.
     */
    private static final String STILL_SUGGESTABLE = """
            OPTIONAL MATCH (me:User {id: $me})
            RETURN me.outboxSeq AS version,
                   [id IN $ids WHERE id <> $me AND EXISTS {
                       MATCH (s:User {id: id})
                       WHERE me IS NULL OR (NOT EXISTS { (me)-[:FOLLOWS]->(s) } AND NOT EXISTS { (me)-[:BLOCKS]-(s) })
                   }] AS fit""";

    private static final String FOLLOW_VERSION = "OPTIONAL MATCH (me:User {id: $me}) RETURN me.outboxSeq AS version";

    /**
     * A reader's ranked list, how many were asked of the ranking (a shorter list is all there was), and their follow
     * version when it was ranked (null: they never followed anyone).
     */
    private record Ranked(List<Suggestion> list, int rankedFor, Long version) {

        boolean serves(int limit) {
            return limit <= rankedFor || list.size() < rankedFor;
        }
    }

    static final Duration LIST_LIFETIME = Duration.ofMinutes(1);
    /** Ranked at least this many, so the usual small limits share one list. */
    static final int KEPT = 20;
    /**
     * Suggestions kept at most, over all readers (about half a kilobyte each: some 20 MB of a 256 MB heap at worst);
     * the least recently used lists go first.
     */
    static final long MAX_KEPT_SUGGESTIONS = 40_000;

    private final Neo4jClient neo4j;
    private final Cache<UUID, Ranked> ranked = Caffeine.newBuilder()
            .maximumWeight(MAX_KEPT_SUGGESTIONS)
            .weigher((UUID reader, Ranked list) -> list.list().size() + 1)
            .expireAfterWrite(LIST_LIFETIME)
            .build();

    public Suggestions(Neo4jClient neo4j) {
        this.neo4j = neo4j;
    }

    public List<Suggestion> forUser(UUID me, int limit) {
        Ranked kept = ranked.get(me, reader -> rank(reader, limit));
        if (!kept.serves(limit)) {
            kept = rank(me, limit);
            ranked.put(me, kept);
        }
        Record now = stillSuggestable(me, kept);
        if (!Objects.equals(versionOf(now), kept.version())) {
            // They followed or unfollowed someone since, maybe on another instance: rank again now, not in a minute.
            kept = rank(me, limit);
            ranked.put(me, kept);
            now = stillSuggestable(me, kept);
        }
        Set<String> fit = new HashSet<>(now.get("fit").asList(v -> v.asString()));
        List<Suggestion> answer = new ArrayList<>(Math.min(limit, kept.list().size()));
        for (Suggestion suggestion : kept.list()) {
            if (answer.size() == limit) {
                break;
            }
            if (fit.contains(suggestion.user().id().toString())) {
                answer.add(suggestion);
            }
        }
        return List.copyOf(answer);
    }

    private Record stillSuggestable(UUID me, Ranked kept) {
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("me", me.toString());
        parameters.put("ids", kept.list().stream().map(k -> k.user().id().toString()).toList());
        return neo4j.query(STILL_SUGGESTABLE).bindAll(parameters).fetchAs(Record.class)
                .mappedBy((types, row) -> row).one().orElseThrow();
    }

    /** The reader's own follows or blocks changed: rank again on their next read. */
    public void forget(UUID me) {
        ranked.invalidate(me);
    }

    /** The top {@code limit}, at least {@link #KEPT}. */
    private Ranked rank(UUID me, int limit) {
        int n = Math.max(limit, KEPT);
        // The version first: a follow landing in between makes the list look older than it is (ranked once more).
        Long version = neo4j.query(FOLLOW_VERSION).bind(me.toString()).to("me").fetchAs(Record.class)
                .mappedBy((types, row) -> row).one().map(Suggestions::versionOf).orElse(null);
        List<Suggestion> mutual = query(FRIENDS_OF_FRIENDS, me, n, Suggestion.FOLLOWED_BY_PEOPLE_YOU_FOLLOW);
        return new Ranked(mutual.isEmpty() ? query(POPULAR_ARTISTS, me, n, Suggestion.POPULAR_ARTIST) : mutual, n,
                version);
    }

    private static Long versionOf(Record row) {
        return row.get("version").isNull() ? null : row.get("version").asLong();
    }

    private List<Suggestion> query(String cypher, UUID me, int limit, String reason) {
        return List.copyOf(neo4j.query(cypher).bind(me.toString()).to("me").bind(limit).to("limit")
                .fetchAs(Suggestion.class).mappedBy((types, row) -> suggestion(row, reason)).all());
    }

    private static Suggestion suggestion(Record row, String reason) {
        return new Suggestion(UserSummary.of(row.get("user")), row.get("mutual").asLong(),
                row.get("names").asList(v -> v.asString()), row.get("followers").asLong(), reason);
    }
}
