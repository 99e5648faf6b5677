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

    private static final String FRIENDS_OF_FRIENDS = """
            MATCH (me:User {id: $me})-[:FOLLOWS]->(f:User)-[:FOLLOWS]->(s:User)
            WHERE s <> me AND NOT EXISTS { (me)-[:FOLLOWS]->(s) }
              AND NOT EXISTS { (s)-[:BLOCKS]->(me) } AND NOT EXISTS { (me)-[:BLOCKS]->(s) }
            WITH s, count(f) AS mutual, collect(coalesce(f.displayName, f.handle)) AS names
            ORDER BY mutual DESC, s.id
            LIMIT $limit
            RETURN s{.id, .handle, .displayName, .avatarUrl} AS user, mutual, [n IN names WHERE n IS NOT NULL][0..3] AS names,
                   COUNT { (s)<-[:FOLLOWS]-() } AS followers""";

    private static final String POPULAR_ARTISTS = """
            MATCH (s:User) WHERE s.artist = true AND s.id <> $me
              AND NOT EXISTS { (:User {id: $me})-[:FOLLOWS]->(s) }
              AND NOT EXISTS { (s)-[:BLOCKS]->(:User {id: $me}) }
              AND NOT EXISTS { (:User {id: $me})-[:BLOCKS]->(s) }
            WITH s, COUNT { (s)<-[:FOLLOWS]-() } AS followers
            ORDER BY followers DESC, s.id
            LIMIT $limit
            RETURN s{.id, .handle, .displayName, .avatarUrl} AS user, 0 AS mutual, [] AS names, followers""";

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
