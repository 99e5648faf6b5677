package dev.lalala.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.Visibility;
import dev.lalala.events.follow.FollowEvents;
import dev.lalala.events.follow.UserFollowed;
import dev.lalala.events.follow.UserUnfollowed;
import dev.lalala.events.playlist.PlaylistCreated;
import dev.lalala.events.playlist.PlaylistEvents;
import dev.lalala.events.playlist.PlaylistUpdated;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.events.track.TrackLiked;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.events.track.TrackUpdated;
import dev.lalala.events.user.ProfileUpdated;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.events.user.UserEvents;
import dev.lalala.events.user.UserRegistered;
import dev.lalala.events.user.UserRole;
import dev.lalala.defaults.paging.CursorPage;
import dev.lalala.defaults.paging.TimeIdCursor;
import dev.lalala.feed.activity.Activities;
import dev.lalala.feed.activity.ActivityFeed;
import dev.lalala.feed.activity.FeedItem;
import dev.lalala.feed.follow.Follows;
import dev.lalala.feed.follow.Suggestion;
import dev.lalala.feed.follow.Suggestions;
import dev.lalala.feed.graph.GraphTransactions;
import dev.lalala.feed.graph.Neo4jProcessedEventStore;
import dev.lalala.feed.outbox.GraphOutbox;
import dev.lalala.feed.outbox.GraphOutboxRelay;
import dev.lalala.feed.user.UserDirectory;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Following, suggestions, the feed, cascades, idempotent consumers and the outbox, against a real Neo4j and a real
 * Kafka: over HTTP where the behaviour is the API's, through the handlers where it is the events'.
 */
class FollowGraphIT extends FeedIntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;
    @Value("${spring.kafka.bootstrap-servers}")
    String bootstrap;
    @Autowired
    Driver neo4j;
    @Autowired
    Follows follows;
    @Autowired
    Neo4jClient neo4jClient;
    @Autowired
    UserDirectory users;
    @Autowired
    Activities activities;
    @Autowired
    ActivityFeed feed;
    @Autowired
    GraphTransactions transactions;
    @Autowired
    Neo4jProcessedEventStore processed;
    @Autowired
    GraphOutbox outbox;
    @Autowired
    GraphOutboxRelay relay;
    @Autowired
    KafkaTemplate<String, String> kafka;

    final HttpClient http = HttpClient.newHttpClient();

    // ---- follow / unfollow ----

    @Test
    void followIsIdempotentAndPublishesExactlyWhenTheGraphChanged() throws Exception {
        UUID fan = user("fan");
        UUID artist = user("artist");

        JsonNode first = json(send("PUT", "/api/follows/" + artist, fan), 200);
        JsonNode again = json(send("PUT", "/api/follows/" + artist, fan), 200);

        assertThat(first.path("changed").asBoolean()).isTrue();
        assertThat(again.path("changed").asBoolean()).isFalse();
        assertThat(again.path("followers").asLong()).isEqualTo(1);
        assertThat(relationships("FOLLOWS", fan, artist)).isEqualTo(1);

        JsonNode unfollowed = json(send("DELETE", "/api/follows/" + artist, fan), 200);
        JsonNode unfollowedAgain = json(send("DELETE", "/api/follows/" + artist, fan), 200);
        assertThat(unfollowed.path("changed").asBoolean()).isTrue();
        assertThat(unfollowedAgain.path("changed").asBoolean()).isFalse();
        assertThat(unfollowedAgain.path("followers").asLong()).isZero();

        // One UserFollowed and one UserUnfollowed, in that order, whatever the repeats.
        List<EventEnvelope<?>> events = followEventsOf(fan, 2);
        assertThat(events).extracting(e -> e.payload().getClass())
                .containsExactly((Class) UserFollowed.class, (Class) UserUnfollowed.class);
        assertThat(((UserFollowed) events.get(0).payload()).followeeId()).isEqualTo(artist);
        assertThat(relay.pendingCount()).isZero();
    }

    @Test
    void countsSayWhetherTheCallerFollowsTheUser() throws Exception {
        UUID fan = user("counter");
        UUID artist = user("counted");
        UUID other = user("bystander");

        assertThat(json(get("/api/follows/" + artist + "/counts", JWKS.tokenFor(fan)), 200)
                .path("followedByYou").asBoolean()).isFalse();
        json(send("PUT", "/api/follows/" + artist, fan), 200);

        JsonNode mine = json(get("/api/follows/" + artist + "/counts", JWKS.tokenFor(fan)), 200);
        assertThat(mine.path("followers").asLong()).isEqualTo(1);
        assertThat(mine.path("followedByYou").asBoolean()).isTrue();
        assertThat(json(get("/api/follows/" + artist + "/counts", JWKS.tokenFor(other)), 200)
                .path("followedByYou").asBoolean()).isFalse();
        assertThat(counts(artist).path("followedByYou").asBoolean()).as("anonymous").isFalse();

        json(send("DELETE", "/api/follows/" + artist, fan), 200);
        assertThat(json(get("/api/follows/" + artist + "/counts", JWKS.tokenFor(fan)), 200)
                .path("followedByYou").asBoolean()).isFalse();
    }

    @Test
    void followingYourselfAnUnknownOrADeletedUserIsAProblemAndAnonymousIs401() throws Exception {
        UUID me = user("me");
        UUID gone = user("gone");
        users.deleted(new UserDeleted(gone, Instant.now()));

        problem(send("PUT", "/api/follows/" + me, me), 400, ProblemTypes.of("cannot-follow-self"));
        problem(send("PUT", "/api/follows/" + UUID.randomUUID(), me), 404, ProblemTypes.NOT_FOUND);
        problem(send("PUT", "/api/follows/" + gone, me), 404, ProblemTypes.NOT_FOUND);
        problem(send("PUT", "/api/follows/" + gone, null), 401, ProblemTypes.UNAUTHORIZED);
        problem(send("DELETE", "/api/follows/" + gone, null), 401, ProblemTypes.UNAUTHORIZED);
        problem(send("GET", "/api/follows/suggestions", null), 401, ProblemTypes.UNAUTHORIZED);
        // A profile event arriving late never brings a deleted user back.
        users.profileUpdated(new ProfileUpdated(gone, "gone", "Gone", null, null, UserRole.ARTIST));
        assertThat(users.exists(gone)).isFalse();
    }

    @Test
    void concurrentFollowsOfTheSamePairMakeOneFollowAndOneEvent() throws Exception {
        UUID fan = user("racer");
        UUID artist = user("raced");
        List<Callable<Boolean>> racers = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            racers.add(() -> follows.follow(fan, artist).changed());
        }
        int changed = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(12)) {
            for (Future<Boolean> f : pool.invokeAll(racers)) {
                changed += f.get() ? 1 : 0;
            }
        }

        assertThat(changed).isEqualTo(1);
        assertThat(relationships("FOLLOWS", fan, artist)).isEqualTo(1);
        assertThat(counts(artist).path("followers").asLong()).isEqualTo(1);
        assertThat(followEventsOf(fan, 1)).hasSize(1);
    }

    @Test
    void countsStayRightWhenManyFollowOneArtistAtOnce() throws Exception {
        UUID artist = user("popular");
        List<UUID> fans = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            fans.add(user("fan" + i));
        }
        List<Callable<Boolean>> work = new ArrayList<>();
        for (UUID fan : fans) {
            work.add(() -> follows.follow(fan, artist).changed());
            work.add(() -> follows.follow(fan, artist).changed());
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> f : pool.invokeAll(work)) {
                f.get();
            }
        }
        for (int i = 0; i < 5; i++) {
            follows.unfollow(fans.get(i), artist);
        }

        assertThat(counts(artist).path("followers").asLong()).isEqualTo(15);
        assertThat(counts(fans.get(9)).path("following").asLong()).isEqualTo(1);
        assertThat(counts(fans.get(0)).path("following").asLong()).isZero();
    }

    @Test
    void racingFollowsAndUnfollowsOfOnePairPublishTheirEventsInTheOrderTheyHappened() throws Exception {
        UUID fan = user("toggler");
        UUID artist = user("toggled");
        List<Callable<Integer>> work = new ArrayList<>();
        for (int t = 0; t < 6; t++) {
            boolean followFirst = t % 2 == 0;
            work.add(() -> {
                int changes = 0;
                for (int i = 0; i < 6; i++) {
                    boolean follow = followFirst == (i % 2 == 0);
                    changes += (follow ? follows.follow(fan, artist) : follows.unfollow(fan, artist)).changed() ? 1 : 0;
                }
                return changes;
            });
        }
        int changes = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(6)) {
            for (Future<Integer> f : pool.invokeAll(work)) {
                changes += f.get();
            }
        }
        long following = relationships("FOLLOWS", fan, artist);

        // Every change is one event, and they leave in commit order: followed, unfollowed, followed, ... ending in the
        // state the graph is in. Numbered out of order, a consumer would see two follows in a row or end wrong.
        List<EventEnvelope<?>> events = followEventsOf(fan, changes);
        assertThat(changes).isPositive();
        assertThat(events).hasSize(changes);
        for (int i = 0; i < events.size(); i++) {
            assertThat(events.get(i).payload()).as("event %d of %d", i, events.size())
                    .isInstanceOf(i % 2 == 0 ? UserFollowed.class : UserUnfollowed.class);
        }
        assertThat(following).isEqualTo(changes % 2);
        assertThat(counts(artist).path("followers").asLong()).isEqualTo(following);
        // The follow's activity exists exactly while the follow does.
        UUID observer = user("observer");
        follows.follow(observer, fan);
        assertThat(feedKinds(observer)).hasSize((int) following);
    }

    @Test
    void aUserWithManyFollowsFollowsAndUnfollowsConcurrentlyWithoutFailures() throws Exception {
        // Past 50 relationships a node is "dense" in Neo4j: its relationships live in per-type groups with their own
        // locks. Concurrent changes of one such user once deadlocked until the retries ran out.
        UUID fan = user("collector");
        List<UUID> artists = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            artists.add(user("collected" + i));
        }
        artists.subList(0, 60).forEach(a -> follows.follow(fan, a));
        List<Callable<Boolean>> work = new ArrayList<>();
        for (UUID artist : artists.subList(40, 80)) {
            work.add(() -> follows.follow(fan, artist).changed() | follows.unfollow(fan, artist).changed()
                    | follows.follow(fan, artist).changed());
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Boolean> f : pool.invokeAll(work)) {
                assertThat(f.get()).isTrue();
            }
        }

        assertThat(counts(fan).path("following").asLong()).isEqualTo(80);
        for (UUID artist : List.of(artists.get(0), artists.get(45), artists.get(79))) {
            assertThat(counts(artist).path("followers").asLong()).isEqualTo(1);
        }
    }

    @Test
    void followerListsCarryProfilesAndWhetherTheCallerFollowsThem() throws Exception {
        UUID artist = user("star");
        UUID fanA = user("anna");
        UUID fanB = user("ben");
        users.profileUpdated(new ProfileUpdated(fanA, "anna", "Anna A", null, "/api/users/a/avatar", UserRole.LISTENER));
        follows.follow(fanA, artist);
        follows.follow(fanB, artist);
        follows.follow(fanB, fanA);

        JsonNode asBen = json(send("GET", "/api/follows/" + artist + "/followers", fanB), 200);
        JsonNode anna = asBen.path("items").get(1);

        assertThat(asBen.path("items").get(0).path("userId").asString()).isEqualTo(fanB.toString());
        assertThat(anna.path("userId").asString()).isEqualTo(fanA.toString());
        assertThat(anna.path("displayName").asString()).isEqualTo("Anna A");
        assertThat(anna.path("avatarUrl").asString()).isEqualTo("/api/users/a/avatar");
        assertThat(anna.path("followedByYou").asBoolean()).isTrue();
        JsonNode anonymous = json(send("GET", "/api/follows/" + artist + "/followers", null), 200);
        assertThat(anonymous.path("items").get(1).path("followedByYou").asBoolean()).isFalse();
    }

    // ---- suggestions and blocking ----

    @Test
    void suggestionsAreFriendsOfFriendsRankedByMutualCountWithUpToThreeNames() throws Exception {
        UUID me = user("seeker");
        List<UUID> friends = List.of(user("f1"), user("f2"), user("f3"), user("f4"));
        UUID x = user("x");
        UUID y = user("y");
        UUID already = user("already");
        friends.forEach(f -> follows.follow(me, f));
        follows.follow(me, already);
        friends.forEach(f -> follows.follow(f, x));
        follows.follow(friends.get(0), y);
        follows.follow(friends.get(1), y);
        follows.follow(friends.get(0), already);
        follows.follow(friends.get(0), me);

        JsonNode items = json(send("GET", "/api/follows/suggestions", me), 200).path("items");

        assertThat(items).hasSize(2);
        assertThat(items.get(0).path("user").path("id").asString()).isEqualTo(x.toString());
        assertThat(items.get(0).path("mutualCount").asLong()).isEqualTo(4);
        assertThat(items.get(0).path("mutualNames")).hasSize(3);
        assertThat(items.get(1).path("user").path("id").asString()).isEqualTo(y.toString());
        assertThat(items.get(1).path("mutualCount").asLong()).isEqualTo(2);
        assertThat(items.get(1).path("mutualNames").toString()).contains("F1", "F2");

        // x blocks me: x is no longer suggested to me, and I cannot follow x.
        follows.block(x, me);
        JsonNode after = json(send("GET", "/api/follows/suggestions", me), 200).path("items");
        assertThat(after).hasSize(1);
        assertThat(after.get(0).path("user").path("id").asString()).isEqualTo(y.toString());
        problem(send("PUT", "/api/follows/" + x, me), 403, ProblemTypes.of("blocked"));

        // And the other way round: whom I block is not suggested to me either.
        follows.block(me, y);
        JsonNode none = json(send("GET", "/api/follows/suggestions?limit=50", me), 200).path("items");
        List<String> left = new ArrayList<>();
        none.forEach(i -> left.add(i.path("user").path("id").asString()));
        assertThat(left).doesNotContain(x.toString(), y.toString());
    }

    /**
     * A reader's ranked list is kept for a minute, but what it must never show is checked on every read: a block
     * written elsewhere (another instance, the other user), an account deleted since, whom the reader follows now.
     */
    @Test
    void keptSuggestionsNeverShowABlockADeletedAccountOrSomeoneFollowedSince() throws Exception {
        UUID me = user("keeper");
        UUID f1 = user("kf1");
        UUID f2 = user("kf2");
        UUID x = user("kx");
        UUID y = user("ky");
        UUID z = user("kz");
        follows.follow(me, f1);
        follows.follow(me, f2);
        follows.follow(f1, x);
        follows.follow(f2, x);
        follows.follow(f1, y);
        follows.follow(f1, z);
        List<String> first = suggestedTo(me);
        assertThat(first).containsExactlyInAnyOrder(x.toString(), y.toString(), z.toString());
        assertThat(first.get(0)).as("two mutual follows rank first").isEqualTo(x.toString());

        // Written straight to the graph, as another feed-service instance would: this one's list is not forgotten.
        neo4j.executableQuery("MATCH (x:User {id: $x}), (me:User {id: $me}) MERGE (x)-[:BLOCKS]->(me)")
                .withParameters(Map.of("x", x.toString(), "me", me.toString())).execute();
        assertThat(suggestedTo(me)).containsExactlyInAnyOrder(y.toString(), z.toString());

        users.deleted(new UserDeleted(y, Instant.now()));
        assertThat(suggestedTo(me)).containsExactly(z.toString());

        json(send("PUT", "/api/follows/" + z, me), 200);
        // No friend of a friend is left: the popular artists come instead, none of these among them.
        assertThat(suggestedTo(me)).doesNotContain(x.toString(), y.toString(), z.toString());

        // Following someone new ranks again at once: their follows become suggestions without waiting.
        UUID w = user("kw");
        follows.follow(z, w);
        json(send("PUT", "/api/follows/" + f2, me), 200);
        assertThat(suggestedTo(me)).contains(w.toString());
    }

    /**
     * Two instances keep two lists: a follow or unfollow made through one must show in the other's suggestions at
     * once (the reader's follow version moved), not a minute later.
     */
    @Test
    void anotherInstancesKeptSuggestionsFollowTheReadersNewFollowsAtOnce() {
        Suggestions otherInstance = new Suggestions(neo4jClient);
        UUID me = user("twin");
        UUID f1 = user("tf1");
        UUID f2 = user("tf2");
        UUID a = user("ta");
        UUID b = user("tb");
        follows.follow(f1, a);
        follows.follow(f2, b);
        follows.follow(me, f1);
        assertThat(ids(otherInstance.forUser(me, 50))).contains(a.toString()).doesNotContain(b.toString());

        follows.follow(me, f2);
        assertThat(ids(otherInstance.forUser(me, 50))).contains(a.toString(), b.toString());

        follows.unfollow(me, f1);
        assertThat(ids(otherInstance.forUser(me, 50))).contains(b.toString()).doesNotContain(a.toString());
    }

    @Test
    void aLargerLimitThanTheKeptListRanksAgainForMore() throws Exception {
        UUID me = user("asker");
        UUID friend = user("connector");
        follows.follow(me, friend);
        for (int i = 0; i < 25; i++) {
            follows.follow(friend, user("candidate" + i));
        }

        assertThat(json(send("GET", "/api/follows/suggestions?limit=5", me), 200).path("items")).hasSize(5);
        assertThat(suggestedTo(me)).as("limit 50 after a kept list of 20").hasSize(25);
    }

    static List<String> ids(List<Suggestion> suggestions) {
        return suggestions.stream().map(s -> s.user().id().toString()).toList();
    }

    List<String> suggestedTo(UUID me) throws Exception {
        List<String> ids = new ArrayList<>();
        json(send("GET", "/api/follows/suggestions?limit=50", me), 200).path("items")
                .forEach(i -> ids.add(i.path("user").path("id").asString()));
        return ids;
    }

    @Test
    void blockingEndsFollowsBothWays() throws Exception {
        UUID me = user("blocker");
        UUID pest = user("pest");
        follows.follow(pest, me);
        follows.follow(me, pest);

        assertThat(send("PUT", "/api/follows/blocks/" + pest, me).statusCode()).isEqualTo(204);

        assertThat(counts(me).path("followers").asLong()).isZero();
        assertThat(counts(me).path("following").asLong()).isZero();
        assertThat(send("DELETE", "/api/follows/blocks/" + pest, me).statusCode()).isEqualTo(204);
        assertThat(follows.follow(pest, me).changed()).isTrue();
    }

    @Test
    void aNewUserIsSuggestedTheMostFollowedArtists() throws Exception {
        UUID newcomer = user("newcomer");
        UUID big = artist("big");
        UUID small = artist("small");
        UUID listener = user("listener");
        for (int i = 0; i < 30; i++) {
            UUID fan = user("bigfan" + i);
            follows.follow(fan, big);
            if (i < 25) {
                follows.follow(fan, small);
            }
            follows.follow(fan, listener);
        }

        JsonNode items = json(send("GET", "/api/follows/suggestions?limit=50", newcomer), 200).path("items");

        List<String> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.path("user").path("id").asString()));
        assertThat(ids).contains(big.toString(), small.toString()).doesNotContain(listener.toString());
        assertThat(ids.indexOf(big.toString())).isLessThan(ids.indexOf(small.toString()));
        assertThat(items.get(ids.indexOf(big.toString())).path("reason").asString()).isEqualTo("POPULAR_ARTIST");
        assertThat(items.get(ids.indexOf(big.toString())).path("followers").asLong()).isEqualTo(30);

        // Whom the newcomer follows or blocks drops out; the rest keep their order.
        UUID other = user("other-newcomer");
        UUID third = artist("third");
        follows.follow(other, big);
        follows.block(other, small);
        List<String> after = new ArrayList<>();
        json(send("GET", "/api/follows/suggestions?limit=50", other), 200).path("items")
                .forEach(i -> after.add(i.path("user").path("id").asString()));
        assertThat(after).doesNotContain(big.toString(), small.toString(), other.toString()).contains(third.toString());
    }

    // ---- feed ----

    @Test
    void theFeedShowsWhatFollowedUsersDidNewestFirstRenderedAndPaged() throws Exception {
        UUID me = user("reader");
        UUID artist = artist("singer");
        UUID friend = user("friend");
        UUID stranger = artist("stranger");
        follows.follow(me, artist);
        follows.follow(me, friend);
        Instant t = Instant.parse("2026-05-01T10:00:00Z");
        UUID song = UUID.randomUUID();
        apply(UUID.randomUUID(), "TrackPublished", () -> activities.trackPublished(published(song, artist, "Blue", Visibility.PUBLIC, t)));
        apply(UUID.randomUUID(), "TrackPublished", () -> activities.trackPublished(published(UUID.randomUUID(), artist, "Secret", Visibility.PRIVATE, t.plusSeconds(1))));
        apply(UUID.randomUUID(), "TrackPublished", () -> activities.trackPublished(published(UUID.randomUUID(), stranger, "Other", Visibility.PUBLIC, t.plusSeconds(2))));
        apply(UUID.randomUUID(), "TrackLiked", () -> activities.trackLiked(new TrackLiked(song, friend, t.plusSeconds(3))));
        UUID playlist = UUID.randomUUID();
        apply(UUID.randomUUID(), "PlaylistCreated", () -> activities.playlistCreated(new EventEnvelope<>(UUID.randomUUID(),
                "PlaylistCreated", 1, t.plusSeconds(4), playlist.toString(),
                new PlaylistCreated(playlist, friend, "Road trip", null, Visibility.PUBLIC, false))));
        Thread.sleep(5);
        follows.follow(friend, stranger); // now: the newest

        String token = JWKS.tokenFor(me);
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json(get("/api/feed?limit=2" + (cursor == null ? "" : "&cursor=" + cursor), token), 200);
            page.path("items").forEach(items::add);
            cursor = page.has("nextCursor") ? page.path("nextCursor").asString() : null;
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(2);
        assertThat(items).extracting(i -> i.path("kind").asString())
                .containsExactly("USER_FOLLOWED", "PLAYLIST_PUBLISHED", "TRACK_LIKED", "TRACK_PUBLISHED");
        JsonNode followed = items.get(0);
        assertThat(followed.path("actor").path("id").asString()).isEqualTo(friend.toString());
        assertThat(followed.path("subject").path("type").asString()).isEqualTo("USER");
        assertThat(followed.path("subject").path("id").asString()).isEqualTo(stranger.toString());
        assertThat(followed.path("subject").path("title").asString()).isEqualTo("Stranger");
        JsonNode liked = items.get(2);
        assertThat(liked.path("subject").path("title").asString()).isEqualTo("Blue");
        assertThat(liked.path("subject").path("user").path("displayName").asString()).isEqualTo("Singer");
        assertThat(liked.path("occurredAt").asString()).isEqualTo(t.plusSeconds(3).toString());
        JsonNode track = items.get(3);
        assertThat(track.path("subject").path("durationMs").asLong()).isEqualTo(180_000);
        assertThat(track.path("subject").path("imageUrl").asString()).isEqualTo("/covers/" + song);
        assertThat(track.path("actor").path("handle").asString()).isEqualTo("singer");
        assertThat(items.get(1).path("subject").path("title").asString()).isEqualTo("Road trip");

        // Both read plans give the same pages (the service picks one by how much the followees did).
        for (int limit : List.of(1, 2, 3, 10)) {
            assertThat(walkFeed(me, limit, ActivityFeed.Plan.WALK_INDEX))
                    .isEqualTo(walkFeed(me, limit, ActivityFeed.Plan.EXPAND_FOLLOWEES))
                    .hasSize(4);
        }
    }

    List<UUID> walkFeed(UUID reader, int limit, ActivityFeed.Plan plan) {
        List<UUID> ids = new ArrayList<>();
        TimeIdCursor cursor = null;
        do {
            CursorPage<FeedItem> page = feed.feedOf(reader, limit, cursor, plan);
            page.items().forEach(i -> ids.add(i.id()));
            cursor = TimeIdCursor.decode(page.nextCursor());
        } while (cursor != null);
        return ids;
    }

    @Test
    void deletionsCascadeAndCountsStayRight() throws Exception {
        UUID me = user("watcher");
        UUID artist = artist("leaver");
        UUID other = user("other");
        follows.follow(me, artist);
        follows.follow(other, artist);
        follows.follow(artist, other);
        follows.follow(me, other);
        UUID song = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        Instant t = Instant.parse("2026-06-01T00:00:00Z");
        activities.trackPublished(published(song, artist, "One", Visibility.PUBLIC, t));
        activities.trackPublished(published(second, artist, "Two", Visibility.PUBLIC, t.plusSeconds(1)));
        transactions.run(() -> activities.trackLiked(new TrackLiked(second, other, t.plusSeconds(2))));
        // Two songs, other's like, artist's follow of other, other's follow of artist.
        assertThat(feedKinds(me)).hasSize(5);

        // A song made private, then a song deleted: their activities go, likes included.
        activities.trackUpdated(new TrackUpdated(song, artist, "One", null, List.of(), null, Visibility.PRIVATE, null));
        assertThat(feedSubjects(me)).doesNotContain(song.toString());
        activities.trackDeleted(new TrackDeleted(second, artist));
        assertThat(feedSubjects(me)).doesNotContain(second.toString());
        assertThat(feedKinds(me)).containsExactly("USER_FOLLOWED", "USER_FOLLOWED");

        // Public again: the publication shows again.
        activities.trackUpdated(new TrackUpdated(song, artist, "One", null, List.of(), null, Visibility.PUBLIC, null));
        assertThat(feedSubjects(me)).contains(song.toString());

        transactions.run(() -> users.deleted(new UserDeleted(artist, Instant.now())));

        assertThat(feedKinds(me)).isEmpty();
        assertThat(counts(me).path("following").asLong()).isEqualTo(1);
        assertThat(counts(other).path("followers").asLong()).isEqualTo(1);
        assertThat(counts(other).path("following").asLong()).isZero();
        long left = neo4j.executableQuery("MATCH (a:Activity) WHERE a.subjectId IN $ids RETURN count(a) AS n")
                .withParameters(Map.of("ids", List.of(song.toString(), second.toString(), artist.toString())))
                .execute().records().get(0).get("n").asLong();
        assertThat(left).isZero();
    }

    @Test
    void aPlaylistMadePrivateLeavesTheFeed() throws Exception {
        UUID me = user("pl-reader");
        UUID owner = user("pl-owner");
        follows.follow(me, owner);
        UUID playlist = UUID.randomUUID();
        Instant t = Instant.now();
        activities.playlistCreated(new EventEnvelope<>(UUID.randomUUID(), "PlaylistCreated", 1, t, playlist.toString(),
                new PlaylistCreated(playlist, owner, "Draft", null, Visibility.PRIVATE, false)));
        assertThat(feedSubjects(me)).doesNotContain(playlist.toString());
        activities.playlistUpdated(new EventEnvelope<>(UUID.randomUUID(), "PlaylistUpdated", 1, t, playlist.toString(),
                new PlaylistUpdated(playlist, owner, "Done", null, Visibility.PUBLIC, false, 3, null)));
        assertThat(feedSubjects(me)).contains(playlist.toString());
        activities.playlistUpdated(new EventEnvelope<>(UUID.randomUUID(), "PlaylistUpdated", 1, t, playlist.toString(),
                new PlaylistUpdated(playlist, owner, "Done", null, Visibility.PRIVATE, false, 3, null)));
        assertThat(feedSubjects(me)).doesNotContain(playlist.toString());
    }

    // ---- idempotent consumers ----

    @Test
    void aReplayedEventIsAppliedOnce() {
        UUID eventId = UUID.randomUUID();
        AtomicInteger runs = new AtomicInteger();

        boolean first = processed.applyOnce("Counter", eventId, runs::incrementAndGet);
        boolean second = processed.applyOnce("Counter", eventId, runs::incrementAndGet);

        assertThat(first).isTrue();
        assertThat(second).isFalse();
        assertThat(runs).hasValue(1);
        // Another handler of the same event is remembered on its own.
        assertThat(processed.applyOnce("Other", eventId, runs::incrementAndGet)).isTrue();
    }

    @Test
    void aHandlerThatFailsLeavesNoRecordSoTheRetryAppliesIt() {
        UUID eventId = UUID.randomUUID();
        UUID userId = UUID.randomUUID();

        assertThatThrownBy(() -> processed.applyOnce("UserRegistered", eventId, () -> {
            users.registered(new UserRegistered(userId, "a@b.c", "Half", "half", Instant.now()));
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(users.exists(userId)).isFalse();
        assertThat(processed.alreadyApplied("UserRegistered", eventId)).isFalse();
    }

    @Test
    void eventsFromKafkaAreAppliedOnceEvenWhenDeliveredTwice() throws Exception {
        UUID artist = UUID.randomUUID();
        UUID fan = UUID.randomUUID();
        publish(EventEnvelope.of(UserEvents.USER_REGISTERED,
                new UserRegistered(artist, "k@x.y", "Kafka Artist", "kafka-artist", Instant.now())));
        publish(EventEnvelope.of(UserEvents.USER_REGISTERED,
                new UserRegistered(fan, "f@x.y", "Kafka Fan", "kafka-fan", Instant.now())));
        awaitTrue(() -> users.exists(artist) && users.exists(fan));
        follows.follow(fan, artist);
        UUID song = UUID.randomUUID();
        EventEnvelope<TrackPublished> published = EventEnvelope.of(TrackEvents.TRACK_PUBLISHED,
                published(song, artist, "Twice", Visibility.PUBLIC, Instant.now()));
        publish(published);
        publish(published);

        awaitTrue(() -> feedSubjects(fan).contains(song.toString()));
        Thread.sleep(1_000);
        long records = neo4j.executableQuery("MATCH (e:ProcessedEvent {eventId: $id}) RETURN count(e) AS n")
                .withParameters(Map.of("id", published.id().toString())).execute().records().get(0).get("n").asLong();
        assertThat(records).isEqualTo(1);
        assertThat(feedSubjects(fan)).containsOnlyOnce(song.toString());
        // Deleted through Kafka too: gone from the feed.
        publish(EventEnvelope.of(TrackEvents.TRACK_DELETED, new TrackDeleted(song, artist)));
        awaitTrue(() -> !feedSubjects(fan).contains(song.toString()));
    }

    // ---- outbox ----

    @Test
    void anOutboxEventOfARolledBackWriteIsNeverSentAndACommittedOneIsSentThenRemoved() throws Exception {
        UUID follower = UUID.randomUUID();
        UUID followee = UUID.randomUUID();
        assertThatThrownBy(() -> transactions.run(() -> {
            outbox.add(EventEnvelope.of(FollowEvents.USER_FOLLOWED, new UserFollowed(follower, followee, Instant.now())));
            throw new IllegalStateException("the graph write failed");
        })).isInstanceOf(IllegalStateException.class);
        long outboxNodes = neo4j.executableQuery("MATCH (o:OutboxEvent) WHERE o.key = $key RETURN count(o) AS n")
                .withParameters(Map.of("key", follower.toString())).execute().records().get(0).get("n").asLong();
        assertThat(outboxNodes).isZero();

        transactions.run(() -> outbox.add(EventEnvelope.of(FollowEvents.USER_UNFOLLOWED,
                new UserUnfollowed(follower, followee))));

        List<EventEnvelope<?>> sent = followEventsOf(follower, 1);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).payload()).isInstanceOf(UserUnfollowed.class);
        awaitTrue(() -> neo4j.executableQuery("MATCH (o:OutboxEvent) WHERE o.key = $key RETURN count(o) AS n")
                .withParameters(Map.of("key", follower.toString())).execute().records().get(0).get("n").asLong() == 0);
    }

    // ---- helpers ----

    UUID user(String handle) {
        UUID id = UUID.randomUUID();
        String name = Character.toUpperCase(handle.charAt(0)) + handle.substring(1);
        transactions.run(() -> users.profileUpdated(new ProfileUpdated(id, handle, name, null, null, UserRole.LISTENER)));
        return id;
    }

    UUID artist(String handle) {
        UUID id = UUID.randomUUID();
        String name = Character.toUpperCase(handle.charAt(0)) + handle.substring(1);
        transactions.run(() -> users.profileUpdated(new ProfileUpdated(id, handle, name, null, null, UserRole.ARTIST)));
        return id;
    }

    static TrackPublished published(UUID track, UUID owner, String title, Visibility visibility, Instant at) {
        return new TrackPublished(track, owner, title, "pop", List.of(), null, visibility, 180_000, 36, 220_500,
                44_100, 0.0, "/covers/" + track, at);
    }

    void apply(UUID eventId, String handler, Runnable work) {
        assertThat(processed.applyOnce(handler, eventId, work)).isTrue();
    }

    void publish(EventEnvelope<?> event) throws Exception {
        kafka.send(event.topic(), event.key(), EventJson.write(event)).get();
    }

    long relationships(String type, UUID from, UUID to) {
        return neo4j.executableQuery("MATCH (:User {id: $a})-[r:" + type + "]->(:User {id: $b}) RETURN count(r) AS n")
                .withParameters(Map.of("a", from.toString(), "b", to.toString())).execute()
                .records().get(0).get("n").asLong();
    }

    JsonNode counts(UUID user) throws Exception {
        return json(get("/api/follows/" + user + "/counts", null), 200);
    }

    List<String> feedKinds(UUID user) throws Exception {
        List<String> kinds = new ArrayList<>();
        json(get("/api/feed?limit=100", JWKS.tokenFor(user)), 200).path("items")
                .forEach(i -> kinds.add(i.path("kind").asString()));
        return kinds;
    }

    List<String> feedSubjects(UUID user) {
        try {
            List<String> ids = new ArrayList<>();
            json(get("/api/feed?limit=100", JWKS.tokenFor(user)), 200).path("items")
                    .forEach(i -> ids.add(i.path("subject").path("id").asString()));
            return ids;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The follow.events of one follower, waiting until {@code expected} arrived (and a moment more for extras). */
    List<EventEnvelope<?>> followEventsOf(UUID follower, int expected) throws Exception {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        List<EventEnvelope<?>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            long deadline = System.currentTimeMillis() + 20_000;
            List<TopicPartition> partitions = new ArrayList<>();
            while (partitions.isEmpty() && System.currentTimeMillis() < deadline) {
                consumer.partitionsFor(FollowEvents.TOPIC).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long settle = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, settle)) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    if (follower.toString().equals(r.key())) {
                        found.add(EventJson.read(r.value()));
                    }
                }
                if (found.size() >= expected && settle == Long.MAX_VALUE) {
                    settle = System.currentTimeMillis() + 1_500;
                }
            }
        }
        return found;
    }

    static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (!condition.getAsBoolean()) {
            assertThat(System.currentTimeMillis()).as("condition not met in 20 s").isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> send(String method, String path, UUID as) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (as != null) {
            request.header("Authorization", "Bearer " + JWKS.tokenFor(as));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    static void problem(HttpResponse<String> response, int status, URI type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(JSON.readTree(response.body()).path("type").asString()).isEqualTo(type.toString());
    }
}
