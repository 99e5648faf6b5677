package dev.lalala.feed.follow;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.follow.FollowEvents;
import dev.lalala.events.follow.UserFollowed;
import dev.lalala.events.follow.UserUnfollowed;
import dev.lalala.feed.activity.ActivityKind;
import dev.lalala.feed.activity.Activities;
import dev.lalala.feed.graph.GraphTransactions;
import dev.lalala.feed.outbox.GraphOutbox;
import dev.lalala.feed.user.UserDirectory;
import dev.lalala.defaults.problem.ProblemTypes;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.neo4j.driver.Record;
import org.neo4j.driver.Result;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Following, unfollowing and blocking: the rules and the one transaction each. A follow is one statement: the checks
 * (the caller not deleted, the other user there, no block), the MERGE of the relationship between two nodes the
 * uniqueness constraint pins down (concurrent follows of one pair make one relationship: MERGE locks both end nodes
 * and looks again), and, only if this statement created it, the activity and the outbox event, numbered under the
 * follower's lock (GraphOutbox#createKeyedBy) so that one follower's events leave in commit order. One round trip
 * and the commit; the follower count in the answer is read in the same statement. An unfollow is a DELETE whose
 * result counters say whether this transaction removed the relationship (a concurrent unfollow of the same pair
 * removes it once), then, only if it did, one statement for the activity and the event.
 */
@Service
public class Follows {

    /**
     * Takes the follower's write lock first (a property set and removed: no change is stored), so that one
     * follower's follows and unfollows queue here instead of meeting later on the locks of the follower's
     * relationship groups: a user with many follows is a dense node, and two of its changes that both hold the
     * group's shared lock and both ask to upgrade it deadlock (seen in bench/feed/profile.sh at 8 concurrent).
     */
    private static final String LOCK_FOLLOWER = "SET me.locked = true REMOVE me.locked";

    private static final String FOLLOW = """
            OPTIONAL MATCH (gone:DeletedUser {id: $me})
            OPTIONAL MATCH (them:User {id: $them})
            OPTIONAL MATCH (them)-[block:BLOCKS]->(:User {id: $me})
            WITH gone IS NULL AS alive, them, block IS NOT NULL AS blocked
            OPTIONAL CALL (alive, them, blocked) {
                WITH them WHERE alive AND them IS NOT NULL AND NOT blocked
                MERGE (me:User {id: $me})
                %s
                WITH me, them
                MERGE (me)-[f:FOLLOWS]->(them)
                ON CREATE SET f.since = datetime($now), f.fresh = true
                WITH me, them, f, coalesce(f.fresh, false) AS created
                REMOVE f.fresh
                WITH me, them, created
                CALL (me, them, created) {
                    WITH me, them WHERE created
                    MERGE (a:Activity {id: $activityId})
                    ON CREATE SET a.kind = $kind, a.subjectId = them.id, a.at = datetime($now)
                    MERGE (me)-[:PERFORMED]->(a)
                    MERGE (a)-[:ABOUT]->(them)
                    WITH me
                    %s
                }
                RETURN created, COUNT { (them)<-[:FOLLOWS]-() } AS followers
            }
            RETURN alive, them IS NOT NULL AS found, blocked, coalesce(created, false) AS created,
                   coalesce(followers, 0) AS followers""".formatted(LOCK_FOLLOWER, GraphOutbox.createKeyedBy("me"));

    /** Deletes, then counts the followee's followers (the deletion included); the counters say if it deleted. */
    private static final String UNFOLLOW = """
            OPTIONAL MATCH (me:User {id: $me})
            %s
            WITH me
            OPTIONAL MATCH (me)-[f:FOLLOWS]->(:User {id: $them})
            DELETE f
            WITH DISTINCT 0 AS done
            OPTIONAL MATCH (them:User {id: $them})
            RETURN CASE WHEN them IS NULL THEN 0 ELSE COUNT { (them)<-[:FOLLOWS]-() } END AS followers""".formatted(
                    LOCK_FOLLOWER);

    private static final String UNFOLLOWED = """
            MATCH (me:User {id: $me})
            OPTIONAL MATCH (a:Activity {id: $activityId})
            DETACH DELETE a
            WITH DISTINCT me
            """ + GraphOutbox.createKeyedBy("me");

    private final Neo4jClient neo4j;
    private final GraphTransactions transactions;
    private final UserDirectory users;
    private final GraphOutbox outbox;
    private final Suggestions suggestions;
    private final Clock clock;

    public Follows(Neo4jClient neo4j, GraphTransactions transactions, UserDirectory users, GraphOutbox outbox,
            Suggestions suggestions) {
        this.neo4j = neo4j;
        this.transactions = transactions;
        this.users = users;
        this.outbox = outbox;
        this.suggestions = suggestions;
        this.clock = Clock.systemUTC();
    }

    /** Follows; {@code changed} false: already following. */
    public FollowStatus follow(UUID me, UUID them) {
        notSelf(me, them, "follow");
        FollowStatus status = transactions.write(() -> {
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            Map<String, Object> p = new HashMap<>();
            p.put("me", me.toString());
            p.put("them", them.toString());
            p.put("now", now.toString());
            p.put("activityId", Activities.idOf("followed", me, them).toString());
            p.put("kind", ActivityKind.USER_FOLLOWED.name());
            p.put("event", outbox.parameters(EventEnvelope.of(FollowEvents.USER_FOLLOWED, new UserFollowed(me, them, now))));
            Record row = neo4j.query(FOLLOW).bindAll(p).fetchAs(Record.class).mappedBy((types, r) -> r).one()
                    .orElseThrow();
            if (!row.get("alive").asBoolean()) {
                throw ApiException.forbidden("Your account has been deleted.");
            }
            if (!row.get("found").asBoolean()) {
                throw ApiException.notFound("User", them);
            }
            if (row.get("blocked").asBoolean()) {
                throw new ApiException(HttpStatus.FORBIDDEN, ProblemTypes.of("blocked"), "Forbidden",
                        "This user does not accept you as a follower.");
            }
            boolean created = row.get("created").asBoolean();
            if (created) {
                outbox.wakeRelayAfterCommit();
            }
            return new FollowStatus(them, true, created, row.get("followers").asLong());
        });
        suggestions.forget(me);
        return status;
    }

    /** Unfollows; {@code changed} false: was not following, or no such user. */
    public FollowStatus unfollow(UUID me, UUID them) {
        notSelf(me, them, "unfollow");
        FollowStatus status = transactions.write(() -> {
            Removal removal = removeFollow(me, them);
            return new FollowStatus(them, false, removal.deleted(), removal.followers());
        });
        suggestions.forget(me);
        return status;
    }

    /** Blocks: they can no longer follow me nor see me in suggestions; follows both ways end. */
    public void block(UUID me, UUID them) {
        notSelf(me, them, "block");
        transactions.run(() -> {
            if (!users.ensure(me)) {
                throw ApiException.forbidden("Your account has been deleted.");
            }
            if (!users.exists(them)) {
                throw ApiException.notFound("User", them);
            }
            neo4j.query("""
                    MATCH (me:User {id: $me}), (them:User {id: $them})
                    MERGE (me)-[b:BLOCKS]->(them) ON CREATE SET b.since = datetime($now)""")
                    .bind(me.toString()).to("me").bind(them.toString()).to("them")
                    .bind(clock.instant().toString()).to("now").run();
            removeFollow(them, me);
            removeFollow(me, them);
        });
        suggestions.forget(me);
        suggestions.forget(them);
    }

    public void unblock(UUID me, UUID them) {
        notSelf(me, them, "unblock");
        transactions.run(() -> neo4j.query("MATCH (:User {id: $me})-[b:BLOCKS]->(:User {id: $them}) DELETE b")
                .bind(me.toString()).to("me").bind(them.toString()).to("them").run());
        suggestions.forget(me);
    }

    /** The users the caller blocked (ids). */
    public List<UUID> blockedBy(UUID me) {
        return neo4j.query("MATCH (:User {id: $me})-[b:BLOCKS]->(u:User) RETURN u.id AS id ORDER BY b.since DESC LIMIT 1000")
                .bind(me.toString()).to("me").fetchAs(UUID.class)
                .mappedBy((t, r) -> UUID.fromString(r.get("id").asString())).all().stream().toList();
    }

    /** Deletes the follow if there is one; only if this transaction deleted it, the activity goes and the event out. */
    private Removal removeFollow(UUID follower, UUID followee) {
        Removal removal = neo4j.delegateTo(runner -> {
            Result result = runner.run(UNFOLLOW, Map.of("me", follower.toString(), "them", followee.toString()));
            long followers = result.single().get("followers").asLong();
            return Optional.of(new Removal(result.consume().counters().relationshipsDeleted() > 0, followers));
        }).run().orElseThrow();
        if (removal.deleted()) {
            neo4j.query(UNFOLLOWED).bind(follower.toString()).to("me")
                    .bind(Activities.idOf("followed", follower, followee).toString()).to("activityId")
                    .bind(outbox.parameters(EventEnvelope.of(FollowEvents.USER_UNFOLLOWED,
                            new UserUnfollowed(follower, followee)))).to("event")
                    .run();
            outbox.wakeRelayAfterCommit();
        }
        return removal;
    }

    private record Removal(boolean deleted, long followers) {
    }

    private static void notSelf(UUID me, UUID them, String what) {
        if (me.equals(them)) {
            throw ApiException.badRequest("cannot-follow-self", "You cannot " + what + " yourself.");
        }
    }
}
