package dev.lalala.feed.user;

import dev.lalala.events.user.ProfileUpdated;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.events.user.UserRegistered;
import dev.lalala.events.user.UserRole;
import java.util.UUID;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.stereotype.Component;

/**
 * The users this service knows, fed by user.events: {@code (:User)} nodes with the public profile (what a follower
 * list or a feed item shows without calling user-service), and {@code (:DeletedUser)} tombstones. Handlers run in the
 * subscription's Neo4j transaction (the processed-event store opens it).
 */
@Component
public class UserDirectory {

    // A tombstoned id is never made a user again, whatever order late events arrive in.
    private static final String REGISTERED = """
            OPTIONAL MATCH (gone:DeletedUser {id: $id})
            WITH gone WHERE gone IS NULL
            MERGE (u:User {id: $id})
            SET u.handle = coalesce(u.handle, $handle), u.displayName = coalesce(u.displayName, $displayName)""";

    private static final String PROFILE = """
            OPTIONAL MATCH (gone:DeletedUser {id: $id})
            WITH gone WHERE gone IS NULL
            MERGE (u:User {id: $id})
            SET u.handle = $handle, u.displayName = $displayName, u.avatarUrl = $avatarUrl,
                u.artist = coalesce(u.artist, false) OR $artist""";

    private static final java.util.List<String> DELETE = java.util.List.of(
            "MERGE (:DeletedUser {id: $id})",
            // What they did, and what others did about them (followed them).
            "MATCH (:User {id: $id})-[:PERFORMED]->(a:Activity) DETACH DELETE a",
            "MATCH (a:Activity {subjectId: $id}) DETACH DELETE a",
            // Their songs and playlists, and every activity about them (others' likes).
            "MATCH (t:Track {ownerId: $id}) OPTIONAL MATCH (a:Activity {subjectId: t.id}) DETACH DELETE a, t",
            "MATCH (p:Playlist {ownerId: $id}) OPTIONAL MATCH (a:Activity {subjectId: p.id}) DETACH DELETE a, p",
            // The user and every FOLLOWS/BLOCKS in either direction: counts of the others drop with them.
            "MATCH (u:User {id: $id}) DETACH DELETE u");

    private final Neo4jClient neo4j;

    public UserDirectory(Neo4jClient neo4j) {
        this.neo4j = neo4j;
    }

    public void registered(UserRegistered event) {
        neo4j.query(REGISTERED).bind(event.userId().toString()).to("id")
                .bind(event.handle()).to("handle").bind(event.displayName()).to("displayName").run();
    }

    public void profileUpdated(ProfileUpdated event) {
        neo4j.query(PROFILE).bind(event.userId().toString()).to("id")
                .bind(event.handle()).to("handle").bind(event.displayName()).to("displayName")
                .bind(event.avatarUrl()).to("avatarUrl")
                .bind(event.role() == UserRole.ARTIST).to("artist").run();
    }

    /** Removes the user, their follows both ways, their activities and activities about them; leaves a tombstone. */
    public void deleted(UserDeleted event) {
        for (String statement : DELETE) {
            neo4j.query(statement).bind(event.userId().toString()).to("id").run();
        }
    }

    /** Makes sure a user known to exist (an authenticated caller, a song's owner) has a node, unless deleted. */
    public boolean ensure(UUID userId) {
        return neo4j.query("""
                        OPTIONAL MATCH (gone:DeletedUser {id: $id})
                        WITH gone WHERE gone IS NULL
                        MERGE (u:User {id: $id})
                        RETURN true AS ok""")
                .bind(userId.toString()).to("id")
                .fetchAs(Boolean.class).mappedBy((t, r) -> true).one().orElse(false);
    }

    /** A user that exists and is not deleted. */
    public boolean exists(UUID userId) {
        return neo4j.query("MATCH (u:User {id: $id}) RETURN true AS ok").bind(userId.toString()).to("id")
                .fetchAs(Boolean.class).mappedBy((t, r) -> true).one().orElse(false);
    }
}
