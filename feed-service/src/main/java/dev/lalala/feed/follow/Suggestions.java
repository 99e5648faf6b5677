package dev.lalala.feed.follow;

import dev.lalala.feed.user.UserSummary;
import java.util.List;
import java.util.UUID;
import org.neo4j.driver.Record;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Repository;

/**
 * "Followed by people you follow": friends of friends the caller does not follow yet, ranked by how many of the
 * caller's followees follow them. A user who follows nobody (or whose followees follow nobody new) gets the most
 * followed artists instead. Nobody who blocked the caller, or whom the caller blocked, is ever suggested.
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

    private final Neo4jClient neo4j;

    public Suggestions(Neo4jClient neo4j) {
        this.neo4j = neo4j;
    }

    public List<Suggestion> forUser(UUID me, int limit) {
        List<Suggestion> mutual = query(FRIENDS_OF_FRIENDS, me, limit, Suggestion.FOLLOWED_BY_PEOPLE_YOU_FOLLOW);
        return mutual.isEmpty() ? query(POPULAR_ARTISTS, me, limit, Suggestion.POPULAR_ARTIST) : mutual;
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
