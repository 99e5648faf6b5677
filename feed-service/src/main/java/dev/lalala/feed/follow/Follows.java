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
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * Following, unfollowing and blocking: the rules and the one transaction each. A follow is a MERGE of the
 * relationship between two nodes the uniqueness constraint pins down, so concurrent follows of one pair make one
 * relationship (Neo4j locks both end nodes and re-checks); the summary's counters say whether this transaction
 * made the change, and only then are the activity and the outbox event written, in the same transaction.
 */
@Service
public class Follows {

    private static final String FOLLOW = """
            MATCH (me:User {id: $me}), (them:User {id: $them})
            MERGE (me)-[f:FOLLOWS]->(them)
            ON CREATE SET f.since = datetime($now)""";

    private static final String UNFOLLOW = "MATCH (:User {id: $me})-[f:FOLLOWS]->(:User {id: $them}) DELETE f";

    private final Neo4jClient neo4j;
    private final GraphTransactions transactions;
    private final UserDirectory users;
    private final Activities activities;
    private final GraphOutbox outbox;
    private final Clock clock;

    public Follows(Neo4jClient neo4j, GraphTransactions transactions, UserDirectory users, Activities activities,
            GraphOutbox outbox) {
        this.neo4j = neo4j;
        this.transactions = transactions;
        this.users = users;
        this.activities = activities;
        this.outbox = outbox;
        this.clock = Clock.systemUTC();
    }

    /** Follows; true if the graph changed (false: already following). */
    public boolean follow(UUID me, UUID them) {
        notSelf(me, them, "follow");
        return transactions.write(() -> {
            if (!users.ensure(me)) {
                throw ApiException.forbidden("Your account has been deleted.");
            }
            if (!users.exists(them)) {
                throw ApiException.notFound("User", them);
            }
            if (blocked(them, me)) {
                throw new ApiException(HttpStatus.FORBIDDEN, dev.lalala.defaults.problem.ProblemTypes.of("blocked"),
                        "Forbidden", "This user does not accept you as a follower.");
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
            boolean created = neo4j.query(FOLLOW).bind(me.toString()).to("me").bind(them.toString()).to("them")
                    .bind(now.toString()).to("now").run().counters().relationshipsCreated() > 0;
            if (created) {
                activities.followed(me, them, now);
                outbox.add(EventEnvelope.of(FollowEvents.USER_FOLLOWED, new UserFollowed(me, them, now)));
            }
            return created;
        });
    }

    /** Unfollows; true if the graph changed (false: was not following, or no such user). */
    public boolean unfollow(UUID me, UUID them) {
        notSelf(me, them, "unfollow");
        return transactions.write(() -> removeFollow(me, them));
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
    }

    public void unblock(UUID me, UUID them) {
        notSelf(me, them, "unblock");
        transactions.run(() -> neo4j.query("MATCH (:User {id: $me})-[b:BLOCKS]->(:User {id: $them}) DELETE b")
                .bind(me.toString()).to("me").bind(them.toString()).to("them").run());
    }

    /** The users the caller blocked (ids). */
    public List<UUID> blockedBy(UUID me) {
        return neo4j.query("MATCH (:User {id: $me})-[b:BLOCKS]->(u:User) RETURN u.id AS id ORDER BY b.since DESC LIMIT 1000")
                .bind(me.toString()).to("me").fetchAs(UUID.class)
                .mappedBy((t, r) -> UUID.fromString(r.get("id").asString())).all().stream().toList();
    }

    private boolean removeFollow(UUID follower, UUID followee) {
        boolean deleted = neo4j.query(UNFOLLOW).bind(follower.toString()).to("me").bind(followee.toString()).to("them")
                .run().counters().relationshipsDeleted() > 0;
        if (deleted) {
            activities.unfollowed(follower, followee);
            outbox.add(EventEnvelope.of(FollowEvents.USER_UNFOLLOWED, new UserUnfollowed(follower, followee)));
        }
        return deleted;
    }

    private boolean blocked(UUID blocker, UUID blocked) {
        return neo4j.query("MATCH (:User {id: $a})-[:BLOCKS]->(:User {id: $b}) RETURN true AS b")
                .bind(blocker.toString()).to("a").bind(blocked.toString()).to("b")
                .fetchAs(Boolean.class).mappedBy((t, r) -> true).one().orElse(false);
    }

    private static void notSelf(UUID me, UUID them, String what) {
        if (me.equals(them)) {
            throw ApiException.badRequest("cannot-follow-self", "You cannot " + what + " yourself.");
        }
    }
}
