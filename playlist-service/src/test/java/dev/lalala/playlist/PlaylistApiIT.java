package dev.lalala.playlist;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.Visibility;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.events.track.TrackUpdated;
import dev.lalala.events.user.ProfileUpdated;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.events.user.UserEvents;
import dev.lalala.events.user.UserRegistered;
import dev.lalala.events.user.UserRole;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.playlist.account.AccountRemoval;
import dev.lalala.playlist.track.TrackCatalog;
import dev.lalala.playlist.track.TrackSummaries;
import dev.lalala.playlist.user.UserSummaries;
import dev.lalala.testsupport.TestTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * playlist-service over real HTTP, on a real MariaDB and Kafka, with real (test-signed) access tokens and a real
 * HTTP server standing in for track-service.
 */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA}, databases = "playlists")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"lalala.playlist.max-items=60", "lalala.playlist.max-playlists-per-user=8",
                "lalala.playlist.max-collaborators=3", "lalala.playlist.track-service.breaker-window=4"})
class PlaylistApiIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final TestTokens TOKENS = new TestTokens();
    static final TrackServiceStub TRACKS = new TrackServiceStub();

    static {
        TRACKS.start();
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("lalala.security.jwk-set-uri", TOKENS::jwkSetUri);
        registry.add("lalala.playlist.track-service.url", TRACKS::url);
    }

    @AfterAll
    static void stop() {
        TOKENS.close();
        TRACKS.stop();
    }

    @LocalServerPort int port;
    @Autowired JdbcTemplate jdbc;
    @Autowired TrackSummaries summaries;
    @Autowired UserSummaries users;
    @Autowired AccountRemoval accounts;
    @Autowired TrackCatalog catalog;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired org.springframework.transaction.PlatformTransactionManager transactionManager;

    final UUID alice = UUID.randomUUID();
    final UUID bob = UUID.randomUUID();
    final UUID carol = UUID.randomUUID();

    @BeforeEach
    void trackServiceUpAndUsersKnown() {
        TRACKS.stop();
        TRACKS.start();
        catalog.breaker().reset();
        // As user.events would tell: these accounts exist (an invitation needs that).
        for (UUID user : List.of(alice, bob, carol)) {
            users.registered(registered(user, "User " + user.toString().substring(0, 8)));
        }
    }

    @Test
    void createChangeAndDeleteAnnounceThemselvesThroughTheOutbox() throws Exception {
        JsonNode created = json(send("POST", "/api/playlists", alice,
                "{\"name\":\"  Night drive \",\"description\":\"for the road\",\"visibility\":\"UNLISTED\"}"), 201);
        String id = created.path("id").asString();
        assertThat(created.path("name").asString()).isEqualTo("Night drive");
        assertThat(created.path("visibility").asString()).isEqualTo("UNLISTED");
        assertThat(created.path("role").asString()).isEqualTo("OWNER");
        assertThat(created.path("items").size()).isZero();

        JsonNode changed = json(send("PATCH", "/api/playlists/" + id, alice,
                "{\"name\":\"Night drive II\",\"description\":null,\"visibility\":\"PUBLIC\"}"), 200);
        assertThat(changed.path("name").asString()).isEqualTo("Night drive II");
        assertThat(changed.has("description")).isFalse();
        assertThat(changed.path("visibility").asString()).isEqualTo("PUBLIC");
        assertThat(changed.path("version").asLong()).isGreaterThan(created.path("version").asLong());
        // A field not sent stays.
        JsonNode renamedOnly = json(send("PATCH", "/api/playlists/" + id, alice, "{\"name\":\"N3\"}"), 200);
        assertThat(renamedOnly.path("visibility").asString()).isEqualTo("PUBLIC");

        assertThat(send("DELETE", "/api/playlists/" + id, alice, null).statusCode()).isEqualTo(204);
        problem(get("/api/playlists/" + id, alice), 404);

        List<String> types = jdbc.queryForList(
                "SELECT event_type FROM outbox_event WHERE event_key = ? ORDER BY seq", String.class, id);
        assertThat(types).containsExactly("PlaylistCreated", "PlaylistUpdated", "PlaylistUpdated", "PlaylistDeleted");
        String updated = jdbc.queryForObject("SELECT payload FROM outbox_event WHERE event_key = ? AND "
                + "event_type = 'PlaylistUpdated' ORDER BY seq LIMIT 1", String.class, id);
        assertThat(JSON.readTree(updated).path("payload").path("name").asString()).isEqualTo("Night drive II");
    }

    @Test
    void limitsOnNamesDescriptionsAndPages() throws Exception {
        problem(send("POST", "/api/playlists", alice, "{\"name\":\"" + "x".repeat(101) + "\"}"), 400);
        problem(send("POST", "/api/playlists", alice, "{\"name\":\" \"}"), 400);
        problem(send("POST", "/api/playlists", alice, "{\"name\":\"a\",\"description\":\"" + "d".repeat(1001)
                + "\"}"), 400);
        String id = create(alice, "Ok", "PUBLIC");
        problem(send("PATCH", "/api/playlists/" + id, alice, "{\"name\":\"" + "x".repeat(101) + "\"}"), 400);
        problem(send("PATCH", "/api/playlists/" + id, alice, "{\"name\":null}"), 400);
        assertThat(problem(get("/api/me/playlists?limit=101", alice), 400).path("type").asString())
                .endsWith("/invalid-limit");
        problem(get("/api/users/" + alice + "/playlists?cursor=bogus", null), 400);
        problem(get("/api/users/" + alice + "/playlists?limit=0", null), 400);
        problem(get("/api/me/playlists/liked?limit=101", bob), 400);
        problem(send("POST", "/api/playlists", null, "{\"name\":\"x\"}"), 401);
        UUID song = song(alice, "S");
        problem(send("POST", "/api/playlists/" + id + "/items", alice, "{\"trackId\":\"" + song
                + "\",\"position\":-1}"), 400);
        String item = add(id, alice, song, null);
        problem(send("PATCH", "/api/playlists/" + id + "/items/" + item, alice, "{\"position\":-1}"), 400);
        problem(send("PATCH", "/api/playlists/" + id + "/items/" + item, alice, "{}"), 400);
    }

    @Test
    void aUserKeepsAtMostTheirCapOfPlaylists() throws Exception {
        UUID frank = UUID.randomUUID();
        for (int i = 0; i < 8; i++) {
            create(frank, "List " + i, "PRIVATE");
        }
        assertThat(problem(send("POST", "/api/playlists", frank, "{\"name\":\"One too many\"}"), 409)
                .path("type").asString()).endsWith("/too-many-playlists");
        assertThat(count("SELECT COUNT(*) FROM playlist WHERE owner_id = ?", frank.toString())).isEqualTo(8);
    }

    @Test
    void aPlaylistHoldsAtMostItsCapOfSongs() throws Exception {
        String id = create(alice, "Full", "PUBLIC");
        UUID song = song(alice, "Loop");
        for (int i = 0; i < 60; i++) {
            add(id, alice, song, null);
        }
        assertThat(problem(send("POST", "/api/playlists/" + id + "/items", alice,
                "{\"trackId\":\"" + song + "\"}"), 409).path("type").asString()).endsWith("/playlist-full");
        assertThat(json(get("/api/playlists/" + id, alice), 200).path("trackCount").asInt()).isEqualTo(60);
    }

    @Test
    void songsKeepTheirOrderThroughAddsAtPositionsMovesAndRemovals() throws Exception {
        String id = create(alice, "Order", "PUBLIC");
        UUID a = song(alice, "A");
        UUID b = song(alice, "B");
        UUID c = song(alice, "C");
        String ia = add(id, alice, a, null);
        String ib = add(id, alice, b, null);
        String ic = add(id, alice, c, 0);          // C A B
        String ia2 = add(id, alice, a, 2);         // C A A B: the same song twice
        assertThat(titles(id, alice)).containsExactly("C", "A", "A", "B");

        move(id, alice, ib, 0);                     // B C A A
        move(id, alice, ic, 99);                    // B A A C
        assertThat(titles(id, alice)).containsExactly("B", "A", "A", "C");
        assertThat(send("DELETE", "/api/playlists/" + id + "/items/" + ia, alice, null).statusCode()).isEqualTo(204);
        List<String> items = itemIds(id, alice);
        assertThat(items).containsExactly(ib, ia2, ic);
        JsonNode list = json(get("/api/playlists/" + id, alice), 200);
        JsonNode first = list.path("items").get(0);
        assertThat(first.path("position").asInt()).isZero();
        assertThat(first.path("title").asString()).isEqualTo("B");
        assertThat(first.path("artistId").asString()).isEqualTo(alice.toString());
        assertThat(first.path("durationMs").asLong()).isEqualTo(180_000L);
        assertThat(first.path("coverUrl").asString()).isEqualTo("/api/tracks/" + b + "/cover/300.jpg");
        assertThat(first.path("addedBy").asString()).isEqualTo(alice.toString());
        assertThat(Instant.parse(first.path("addedAt").asString())).isBefore(Instant.now().plusSeconds(1));
        assertThat(list.path("coverUrl").asString()).isEqualTo("/api/tracks/" + b + "/cover/300.jpg");

        // The owner picks another song's cover; a song not in the list cannot be the cover.
        JsonNode covered = json(send("PATCH", "/api/playlists/" + id, alice, "{\"coverTrackId\":\"" + c + "\"}"), 200);
        assertThat(covered.path("coverUrl").asString()).isEqualTo("/api/tracks/" + c + "/cover/300.jpg");
        problem(send("PATCH", "/api/playlists/" + id, alice, "{\"coverTrackId\":\"" + UUID.randomUUID() + "\"}"), 400);
        problem(send("DELETE", "/api/playlists/" + id + "/items/" + ia, alice, null), 404);
    }

    @Test
    void manyMovesIntoOneSlotSpreadTheKeysAndMatchASequentialModel() throws Exception {
        String id = create(alice, "Model", "PUBLIC");
        UUID song = song(alice, "S");
        List<String> model = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            model.add(add(id, alice, song, null));
        }
        Random random = new Random(42);
        for (int i = 0; i < 120; i++) {
            // Half the moves go to the same slot (index 1), which exhausts the gap there again and again.
            int from = random.nextInt(model.size());
            int to = i % 2 == 0 ? 1 : random.nextInt(model.size());
            String item = model.remove(from);
            model.add(Math.min(to, model.size()), item);
            move(id, alice, item, to);
        }
        assertThat(itemIds(id, alice)).containsExactlyElementsOf(model);
        Integer distinctKeys = jdbc.queryForObject(
                "SELECT COUNT(DISTINCT sort_key) FROM playlist_item WHERE playlist_id = ?", Integer.class, id);
        assertThat(distinctKeys).isEqualTo(30);
    }

    @Test
    void concurrentMovesByOwnerAndCollaboratorEndInOneConsistentOrder() throws Exception {
        String id = create(alice, "Together", "PRIVATE");
        invite(id, alice, bob);
        UUID song = song(alice, "S");
        List<String> original = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            original.add(add(id, alice, song, null));
        }
        // 20 items, each moved to the front by one of two users at once: whatever order the moves commit in,
        // those 20 end first and the other 20 keep their relative order behind them.
        List<String> moved = original.subList(20, 40);
        List<Callable<Integer>> moves = new ArrayList<>();
        for (int i = 0; i < moved.size(); i++) {
            String item = moved.get(i);
            UUID who = i % 2 == 0 ? alice : bob;
            moves.add(() -> send("PATCH", "/api/playlists/" + id + "/items/" + item, who, "{\"position\":0}")
                    .statusCode());
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (Future<Integer> status : pool.invokeAll(moves)) {
                assertThat(status.get()).isEqualTo(204);
            }
        }
        List<String> order = itemIds(id, alice);
        assertThat(order).hasSize(40).doesNotHaveDuplicates();
        assertThat(order.subList(0, 20)).containsExactlyInAnyOrderElementsOf(moved);
        assertThat(order.subList(20, 40)).containsExactlyElementsOf(original.subList(0, 20));
        assertThat(itemIds(id, bob)).containsExactlyElementsOf(order);
    }

    @Test
    void privateListsAreNotFoundByOthersAndUnlistedOnesAreNeverListed() throws Exception {
        String priv = create(alice, "Secret", "PRIVATE");
        String unlisted = create(alice, "By link", "UNLISTED");
        String pub = create(alice, "Open", "PUBLIC");

        problem(get("/api/playlists/" + priv, null), 404);
        problem(get("/api/playlists/" + priv, bob), 404);
        assertThat(json(get("/api/playlists/" + priv, alice), 200).path("visibility").asString()).isEqualTo("PRIVATE");
        assertThat(json(get("/api/playlists/" + unlisted, null), 200).path("role").asString()).isEqualTo("VIEWER");

        List<String> listed = new ArrayList<>();
        json(get("/api/users/" + alice + "/playlists", null), 200).path("items")
                .forEach(p -> listed.add(p.path("id").asString()));
        assertThat(listed).containsExactly(pub);

        // The same rule through the old query form.
        assertThat(json(get("/api/playlists?owner=" + alice, bob), 200).path("items").size()).isEqualTo(1);

        invite(priv, alice, bob);
        assertThat(json(get("/api/playlists/" + priv, bob), 200).path("role").asString()).isEqualTo("COLLABORATOR");
    }

    @Test
    void collaboratorsChangeSongsButNotThePlaylist() throws Exception {
        String id = create(alice, "Shared", "PRIVATE");
        invite(id, alice, bob);
        UUID bobsSong = song(bob, "Bob's");
        String item = add(id, bob, bobsSong, null);
        String aliceItem = add(id, alice, song(alice, "Alice's"), 0);
        move(id, bob, item, 0);
        assertThat(itemIds(id, alice)).containsExactly(item, aliceItem);
        assertThat(send("DELETE", "/api/playlists/" + id + "/items/" + aliceItem, bob, null).statusCode())
                .isEqualTo(204);

        problem(send("PATCH", "/api/playlists/" + id, bob, "{\"name\":\"Mine now\"}"), 403);
        problem(send("PATCH", "/api/playlists/" + id, bob, "{\"visibility\":\"PUBLIC\"}"), 403);
        problem(send("DELETE", "/api/playlists/" + id, bob, null), 403);
        problem(send("POST", "/api/playlists/" + id + "/collaborators", bob, "{\"userId\":\"" + carol + "\"}"), 403);

        JsonNode shared = json(get("/api/playlists/" + id, alice), 200);
        assertThat(shared.path("collaborative").asBoolean()).isTrue();
        assertThat(shared.path("collaborators").get(0).asString()).isEqualTo(bob.toString());

        // Bob's own list shows it as a collaboration; he leaves, and loses it.
        JsonNode mine = json(get("/api/me/playlists", bob), 200);
        assertThat(mine.path("items").get(0).path("id").asString()).isEqualTo(id);
        assertThat(mine.path("items").get(0).path("role").asString()).isEqualTo("COLLABORATOR");
        assertThat(send("DELETE", "/api/playlists/" + id + "/collaborators/" + bob, bob, null).statusCode())
                .isEqualTo(204);
        problem(get("/api/playlists/" + id, bob), 404);
        assertThat(json(get("/api/playlists/" + id, alice), 200).path("collaborative").asBoolean()).isFalse();
    }

    @Test
    void everyWriteBySomeoneElseIs403OnAPublicListAnd404OnAPrivateOne() throws Exception {
        UUID song = song(alice, "Song");
        for (String visibility : List.of("PUBLIC", "PRIVATE")) {
            int expected = visibility.equals("PUBLIC") ? 403 : 404;
            String id = create(alice, "Mine " + visibility, visibility);
            invite(id, alice, carol);
            String item = add(id, alice, song, null);
            String p = "/api/playlists/" + id;
            List<HttpResponse<String>> attempts = List.of(
                    send("PATCH", p, bob, "{\"name\":\"hacked\"}"),
                    send("PATCH", p, bob, "{\"visibility\":\"PRIVATE\"}"),
                    send("DELETE", p, bob, null),
                    send("POST", p + "/items", bob, "{\"trackId\":\"" + song + "\"}"),
                    send("PATCH", p + "/items/" + item, bob, "{\"position\":0}"),
                    send("DELETE", p + "/items/" + item, bob, null),
                    send("POST", p + "/collaborators", bob, "{\"userId\":\"" + bob + "\"}"),
                    send("DELETE", p + "/collaborators/" + carol, bob, null));
            for (HttpResponse<String> attempt : attempts) {
                problem(attempt, expected);
            }
            JsonNode untouched = json(get(p, alice), 200);
            assertThat(untouched.path("name").asString()).isEqualTo("Mine " + visibility);
            assertThat(untouched.path("trackCount").asInt()).isEqualTo(1);
            assertThat(untouched.path("collaborators").size()).isEqualTo(1);
        }
        // Nobody asked track-service on someone else's behalf.
        int before = TRACKS.calls();
        String id = create(alice, "Another", "PUBLIC");
        problem(send("POST", "/api/playlists/" + id + "/items", bob, "{\"trackId\":\"" + song + "\"}"), 403);
        assertThat(TRACKS.calls()).isEqualTo(before);
    }

    @Test
    void onlySongsTheCallerMaySeeCanBeAdded() throws Exception {
        String id = create(alice, "Picks", "PUBLIC");
        UUID bobsPrivate = TRACKS.add(bob, "Demo", "PRIVATE").id();
        problem(send("POST", "/api/playlists/" + id + "/items", alice, "{\"trackId\":\"" + bobsPrivate + "\"}"), 404);
        problem(send("POST", "/api/playlists/" + id + "/items", alice, "{\"trackId\":\"" + UUID.randomUUID() + "\"}"),
                404);
        UUID alicesPrivate = TRACKS.add(alice, "My demo", "PRIVATE").id();
        add(id, alice, alicesPrivate, null);
        // Her private song shows to her, and to nobody else.
        assertThat(json(get("/api/playlists/" + id, alice), 200).path("items").get(0).path("available").asBoolean())
                .isTrue();
        JsonNode forBob = json(get("/api/playlists/" + id, bob), 200).path("items").get(0);
        assertThat(forBob.path("available").asBoolean()).isFalse();
        assertThat(forBob.has("title")).isFalse();
    }

    @Test
    void aDeletedOrPrivatisedSongShowsUnavailableAndTheListKeepsItsShape() throws Exception {
        String id = create(alice, "Shape", "PUBLIC");
        UUID kept = song(alice, "Kept");
        UUID deleted = song(alice, "Deleted");
        UUID hidden = song(alice, "Hidden");
        add(id, alice, kept, null);
        add(id, alice, deleted, null);
        add(id, alice, hidden, null);

        // Through Kafka and the declared subscription, as track-service publishes it.
        publish(TrackEvents.TRACK_DELETED, new TrackDeleted(deleted, alice));
        summaries.updated(new TrackUpdated(hidden, alice, "Hidden", "pop", List.of(), null, Visibility.PRIVATE, null));

        JsonNode items = awaitItems(id, bob, list -> !list.get(1).path("available").asBoolean());
        assertThat(items.size()).isEqualTo(3);
        assertThat(items.get(0).path("available").asBoolean()).isTrue();
        assertThat(items.get(1).path("trackId").asString()).isEqualTo(deleted.toString());
        assertThat(items.get(1).has("title")).isFalse();
        assertThat(items.get(2).path("available").asBoolean()).isFalse();
        assertThat(json(get("/api/playlists/" + id, alice), 200).path("items").get(2).path("available").asBoolean())
                .isTrue();

        // Renamed by its artist (through Kafka): the list shows the new title, fed by track.events alone.
        publish(TrackEvents.TRACK_UPDATED, new TrackUpdated(kept, alice, "Kept (remastered)", "pop", List.of(), null,
                Visibility.PUBLIC, "/api/tracks/" + kept + "/cover/300.jpg?v=2"));
        JsonNode renamed = awaitItems(id, bob, list -> list.get(0).path("title").asString().equals("Kept (remastered)"));
        assertThat(renamed.get(0).path("coverUrl").asString()).endsWith("?v=2");
        // A TrackPublished that comes after the song's TrackDeleted does not bring it back.
        summaries.published(new TrackPublished(deleted, alice, "Deleted", "pop", List.of(), null, Visibility.PUBLIC,
                1_000L, 1, 220_500, 44_100, 0.0, null, Instant.now()));
        assertThat(json(get("/api/playlists/" + id, bob), 200).path("items").get(1).path("available").asBoolean())
                .isFalse();
    }

    @Test
    void itemsNameTheirArtistsFromUserEventsAndForgetADeletedOne() throws Exception {
        UUID gina = UUID.randomUUID();
        // Through Kafka and the declared subscription, as auth-service and user-service publish them.
        publish(UserEvents.USER_REGISTERED, new UserRegistered(gina, "gina@example.com", "Gina G", "gina_g",
                Instant.now()));
        UUID song = song(gina, "Gina's song");
        String id = create(alice, "Artists", "PUBLIC");
        add(id, alice, song, null);
        add(id, alice, song(alice, "Alice's song"), null);

        JsonNode items = awaitItems(id, bob, list -> "Gina G".equals(text(list.get(0), "artistName")));
        assertThat(items.get(0).path("artistHandle").asString()).isEqualTo("gina_g");
        assertThat(items.get(0).path("artistId").asString()).isEqualTo(gina.toString());
        assertThat(items.get(1).path("artistName").asString()).isEqualTo("User " + alice.toString().substring(0, 8));
        JsonNode list = json(get("/api/playlists/" + id, bob), 200);
        assertThat(list.path("ownerName").asString()).isEqualTo("User " + alice.toString().substring(0, 8));
        assertThat(list.path("ownerHandle").asString()).isEqualTo("h" + alice.toString().substring(0, 8));

        publish(UserEvents.PROFILE_UPDATED, new ProfileUpdated(gina, "gina_g", "Gina Renamed", "bio", null,
                UserRole.ARTIST));
        awaitItems(id, bob, l -> "Gina Renamed".equals(text(l.get(0), "artistName")));
        // A replayed registration (as after an offset reset: a new delivery) does not undo the newer profile.
        users.registered(new UserRegistered(gina, "gina@example.com", "Gina G", "gina_g", Instant.now()));
        assertThat(text(json(get("/api/playlists/" + id, bob), 200).path("items").get(0), "artistName"))
                .isEqualTo("Gina Renamed");

        // Deleted: the name goes (the song itself leaves with its own TrackDeleted); later events never revive it.
        accounts.userDeleted(new UserDeleted(gina, Instant.now()));
        users.registered(new UserRegistered(gina, "gina@example.com", "Gina G", "gina_g", Instant.now()));
        users.profileUpdated(new ProfileUpdated(gina, "gina_g", "Gina Late", null, null, UserRole.ARTIST));
        JsonNode after = json(get("/api/playlists/" + id, bob), 200).path("items").get(0);
        assertThat(after.has("artistName")).as(after.toString()).isFalse();
        assertThat(after.has("artistHandle")).isFalse();
        assertThat(users.find(gina).orElseThrow().deleted()).isTrue();
    }

    @Test
    void onlyAccountsThatExistCanBeInvitedAndAPlaylistHasAtMostItsCapOfCollaborators() throws Exception {
        String id = create(alice, "Invites", "PUBLIC");
        UUID stranger = UUID.randomUUID();
        problem(send("POST", "/api/playlists/" + id + "/collaborators", alice, "{\"userId\":\"" + stranger + "\"}"),
                404);
        UUID gone = UUID.randomUUID();
        users.registered(registered(gone, "Gone"));
        accounts.userDeleted(new UserDeleted(gone, Instant.now()));
        problem(send("POST", "/api/playlists/" + id + "/collaborators", alice, "{\"userId\":\"" + gone + "\"}"), 404);
        assertThat(problem(send("POST", "/api/playlists/" + id + "/collaborators", alice,
                "{\"userId\":\"" + alice + "\"}"), 400).path("type").asString()).endsWith("/owner-not-collaborator");
        assertThat(json(get("/api/playlists/" + id, alice), 200).path("collaborators").size()).isZero();

        invite(id, alice, bob);
        invite(id, alice, bob);
        invite(id, alice, carol);
        UUID dave = UUID.randomUUID();
        users.registered(registered(dave, "Dave"));
        invite(id, alice, dave);
        UUID eve = UUID.randomUUID();
        users.registered(registered(eve, "Eve"));
        assertThat(problem(send("POST", "/api/playlists/" + id + "/collaborators", alice,
                "{\"userId\":\"" + eve + "\"}"), 409).path("type").asString()).endsWith("/too-many-collaborators");
        assertThat(json(get("/api/playlists/" + id, alice), 200).path("collaborators").size()).isEqualTo(3);
    }

    @Test
    void aDeletedAccountsTokenWritesNothingEvenBeforeTheRevocationListKnowsIt() throws Exception {
        UUID hank = UUID.randomUUID();
        users.registered(registered(hank, "Hank"));
        String own = create(hank, "Hank's", "PUBLIC");
        String shared = create(alice, "Shared with Hank", "PUBLIC");
        invite(shared, alice, hank);
        String aliceItem = add(shared, alice, song(alice, "A"), null);
        UUID song = song(hank, "H");
        int versionBefore = json(get("/api/playlists/" + shared, alice), 200).path("version").asInt();

        // Handled directly: the platform's revocation list (fed by Kafka) has not heard of it.
        accounts.userDeleted(new UserDeleted(hank, Instant.now()));
        int calls = TRACKS.calls();
        String p = "/api/playlists/" + shared;
        List<HttpResponse<String>> attempts = List.of(
                send("POST", "/api/playlists", hank, "{\"name\":\"After\"}"),
                send("PATCH", "/api/playlists/" + own, hank, "{\"name\":\"After\"}"),
                send("DELETE", "/api/playlists/" + own, hank, null),
                send("POST", p + "/items", hank, "{\"trackId\":\"" + song + "\"}"),
                send("PATCH", p + "/items/" + aliceItem, hank, "{\"position\":0}"),
                send("DELETE", p + "/items/" + aliceItem, hank, null),
                send("POST", p + "/collaborators", hank, "{\"userId\":\"" + bob + "\"}"),
                send("DELETE", p + "/collaborators/" + hank, hank, null),
                send("PUT", p + "/like", hank, null),
                send("DELETE", p + "/like", hank, null));
        for (HttpResponse<String> attempt : attempts) {
            assertThat(problem(attempt, 401).path("type").asString()).endsWith("/account-revoked");
        }
        assertThat(TRACKS.calls()).as("track-service asked for a deleted account").isEqualTo(calls);
        assertThat(count("SELECT COUNT(*) FROM playlist WHERE owner_id = ?", hank.toString())).isZero();
        JsonNode untouched = json(get(p, alice), 200);
        assertThat(untouched.path("version").asInt()).isEqualTo(versionBefore + 1); // the collaboration ended
        assertThat(untouched.path("collaborators").size()).isZero();
        assertThat(untouched.path("trackCount").asInt()).isEqualTo(1);
    }

    @Test
    void aWriteRacingTheAccountsDeletionIsSweptAway() throws Exception {
        UUID ivy = UUID.randomUUID();
        users.registered(registered(ivy, "Ivy"));
        // A write that checked the account before the deletion and commits after it started: the deletion waits
        // for it (the write holds the account's row), then removes what it wrote.
        org.springframework.transaction.support.TransactionTemplate tx =
                new org.springframework.transaction.support.TransactionTemplate(transactionManager);
        java.util.concurrent.CountDownLatch checked = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CompletableFuture<Void> write = java.util.concurrent.CompletableFuture.runAsync(() ->
                tx.executeWithoutResult(status -> {
                    users.mustBeActive(ivy);
                    checked.countDown();
                    sleep(700);
                    jdbc.update("INSERT INTO playlist (id, owner_id, name, visibility, created_at, updated_at) "
                            + "VALUES (?, ?, 'Late', 'PUBLIC', NOW(3), NOW(3))", UUID.randomUUID().toString(),
                            ivy.toString());
                }));
        checked.await();
        long started = System.nanoTime();
        tx.executeWithoutResult(status -> accounts.userDeleted(new UserDeleted(ivy, Instant.now())));
        assertThat((System.nanoTime() - started) / 1_000_000).as("the deletion waited for the write").isGreaterThan(300);
        write.get();
        assertThat(count("SELECT COUNT(*) FROM playlist WHERE owner_id = ?", ivy.toString())).isZero();
    }

    @Test
    void theReadModelFollowsPublishedAndUpdatedSongs() throws Exception {
        UUID track = UUID.randomUUID();
        summaries.published(new TrackPublished(track, carol, "First title", "pop", List.of(), null,
                Visibility.PUBLIC, 123_000L, 25, 220_500, 44_100, -3.0, "/api/tracks/" + track + "/cover/300.jpg",
                Instant.now()));
        jdbc.update("INSERT INTO playlist_item (id, playlist_id, sort_key, track_id, added_by, added_at) "
                + "SELECT ?, id, 1, ?, owner_id, created_at FROM playlist WHERE id = ?", UUID.randomUUID().toString(),
                track.toString(), create(carol, "Read model", "PUBLIC"));
        summaries.updated(new TrackUpdated(track, carol, "New title", "pop", List.of(), null, Visibility.UNLISTED,
                null));
        String title = jdbc.queryForObject("SELECT title FROM track_summary WHERE track_id = ?", String.class,
                track.toString());
        Long duration = jdbc.queryForObject("SELECT duration_ms FROM track_summary WHERE track_id = ?", Long.class,
                track.toString());
        assertThat(title).isEqualTo("New title");
        assertThat(duration).isEqualTo(123_000L);
    }

    @Test
    void whenTrackServiceIsDownAddingIsAQuick503AndNothingIsWritten() throws Exception {
        String id = create(alice, "Resilient", "PUBLIC");
        UUID song = song(alice, "Song");
        add(id, alice, song, null);
        int outboxBefore = count("SELECT COUNT(*) FROM outbox_event WHERE event_key = ?", id);
        TRACKS.stop();

        for (int i = 0; i < 6; i++) {
            long started = System.nanoTime();
            JsonNode problem = problem(send("POST", "/api/playlists/" + id + "/items", alice,
                    "{\"trackId\":\"" + song + "\"}"), 503);
            long millis = (System.nanoTime() - started) / 1_000_000;
            assertThat(problem.path("type").asString()).endsWith("/track-service-unavailable");
            assertThat(millis).as("attempt %d took %d ms", i, millis).isLessThan(1_500);
        }
        // After a few failures the breaker answers without trying.
        assertThat(catalog.breaker().getState().name()).isEqualTo("OPEN");

        assertThat(count("SELECT COUNT(*) FROM playlist_item WHERE playlist_id = ?", id)).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM outbox_event WHERE event_key = ?", id)).isEqualTo(outboxBefore);
        JsonNode stillReadable = json(get("/api/playlists/" + id, bob), 200);
        assertThat(stillReadable.path("trackCount").asInt()).isEqualTo(1);
        assertThat(stillReadable.path("items").get(0).path("title").asString()).isEqualTo("Song");
    }

    @Test
    void othersLikeAPublicListAndFindItAmongTheirLikes() throws Exception {
        String id = create(alice, "Likeable", "PUBLIC");
        String priv = create(alice, "Hidden", "PRIVATE");
        assertThat(send("PUT", "/api/playlists/" + id + "/like", bob, null).statusCode()).isEqualTo(204);
        assertThat(send("PUT", "/api/playlists/" + id + "/like", bob, null).statusCode()).isEqualTo(204);
        problem(send("PUT", "/api/playlists/" + priv + "/like", bob, null), 404);
        problem(send("PUT", "/api/playlists/" + id + "/like", alice, null), 409);
        JsonNode seen = json(get("/api/playlists/" + id, bob), 200);
        assertThat(seen.path("likeCount").asInt()).isEqualTo(1);
        assertThat(seen.path("liked").asBoolean()).isTrue();
        assertThat(json(get("/api/me/playlists/liked", bob), 200).path("items").get(0).path("id").asString())
                .isEqualTo(id);

        json(send("PATCH", "/api/playlists/" + id, alice, "{\"visibility\":\"PRIVATE\"}"), 200);
        assertThat(json(get("/api/me/playlists/liked", bob), 200).path("items").size()).isZero();
        assertThat(send("DELETE", "/api/playlists/" + id + "/like", bob, null).statusCode()).isEqualTo(204);
        assertThat(json(get("/api/playlists/" + id, alice), 200).path("likeCount").asInt()).isZero();
    }

    @Test
    void myPlaylistsPageThroughOwnAndCollaboratingListsExactlyOnce() throws Exception {
        UUID dave = UUID.randomUUID();
        users.registered(registered(dave, "Dave"));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            expected.add(create(dave, "Own " + i, i % 2 == 0 ? "PUBLIC" : "PRIVATE"));
            String theirs = create(carol, "Theirs " + i, "PRIVATE");
            invite(theirs, carol, dave);
            expected.add(theirs);
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json(get("/api/me/playlists?limit=4" + (cursor == null ? ""
                    : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), dave), 200);
            page.path("items").forEach(p -> seen.add(p.path("id").asString()));
            cursor = page.has("nextCursor") ? page.path("nextCursor").asString() : null;
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(4);
        assertThat(seen).hasSize(14).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(new HashSet<>(seen)).hasSize(14);
    }

    @Test
    void aDeletedAccountsPlaylistsCollaborationsAndLikesGoItsSongsInOthersListsStay() throws Exception {
        UUID erin = UUID.randomUUID();
        users.registered(registered(erin, "Erin"));
        String erinsList = create(erin, "Erin's", "PUBLIC");
        String alicesList = create(alice, "Alice's", "PUBLIC");
        invite(alicesList, alice, erin);
        String item = add(alicesList, erin, song(carol, "Carol's song"), null);
        assertThat(send("PUT", "/api/playlists/" + alicesList + "/like", erin, null).statusCode()).isEqualTo(204);

        accounts.userDeleted(new UserDeleted(erin, Instant.now()));

        problem(get("/api/playlists/" + erinsList, null), 404);
        JsonNode list = json(get("/api/playlists/" + alicesList, alice), 200);
        assertThat(list.path("collaborators").size()).isZero();
        assertThat(list.path("likeCount").asInt()).isZero();
        assertThat(list.path("items").get(0).path("itemId").asString()).isEqualTo(item);
        assertThat(list.path("items").get(0).has("addedBy")).isFalse();
        assertThat(count("SELECT COUNT(*) FROM outbox_event WHERE event_key = ? AND event_type = 'PlaylistDeleted'",
                erinsList)).isEqualTo(1);
    }

    @Test
    void theSchemaAndTheApiDocs() throws Exception {
        List<String> tables = jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()", String.class);
        assertThat(tables).contains("playlist", "playlist_item", "playlist_collaborator", "playlist_like",
                "track_summary", "user_summary", "outbox_event", "processed_event");
        JsonNode docs = json(get("/v3/api-docs", null), 200);
        assertThat(docs.path("paths").has("/api/playlists/{id}/items/{itemId}")).isTrue();
        assertThat(docs.path("paths").has("/api/me/playlists")).isTrue();
        assertThat(docs.path("paths").has("/api/users/{userId}/playlists")).isTrue();
    }

    // Helpers

    /** The event auth-service publishes for a new account: handle "h" + the id's first 8 characters. */
    static UserRegistered registered(UUID user, String displayName) {
        return new UserRegistered(user, user + "@example.com", displayName, "h" + user.toString().substring(0, 8),
                Instant.now());
    }

    static String text(JsonNode node, String field) {
        return node.has(field) && !node.get(field).isNull() ? node.get(field).asString() : null;
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    String create(UUID owner, String name, String visibility) throws Exception {
        return json(send("POST", "/api/playlists", owner,
                "{\"name\":\"" + name + "\",\"visibility\":\"" + visibility + "\"}"), 201).path("id").asString();
    }

    UUID song(UUID owner, String title) {
        return TRACKS.add(owner, title, "PUBLIC").id();
    }

    String add(String playlist, UUID who, UUID track, Integer position) throws Exception {
        String body = "{\"trackId\":\"" + track + "\"" + (position == null ? "" : ",\"position\":" + position) + "}";
        return json(send("POST", "/api/playlists/" + playlist + "/items", who, body), 201).path("itemId").asString();
    }

    void move(String playlist, UUID who, String item, int position) throws Exception {
        HttpResponse<String> r = send("PATCH", "/api/playlists/" + playlist + "/items/" + item, who,
                "{\"position\":" + position + "}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    void invite(String playlist, UUID owner, UUID user) throws Exception {
        HttpResponse<String> r = send("POST", "/api/playlists/" + playlist + "/collaborators", owner,
                "{\"userId\":\"" + user + "\"}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(204);
    }

    List<String> titles(String playlist, UUID who) throws Exception {
        List<String> titles = new ArrayList<>();
        json(get("/api/playlists/" + playlist, who), 200).path("items")
                .forEach(i -> titles.add(i.path("title").asString()));
        return titles;
    }

    List<String> itemIds(String playlist, UUID who) throws Exception {
        List<String> ids = new ArrayList<>();
        json(get("/api/playlists/" + playlist, who), 200).path("items")
                .forEach(i -> ids.add(i.path("itemId").asString()));
        return ids;
    }

    JsonNode awaitItems(String playlist, UUID who, java.util.function.Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode items;
        do {
            items = json(get("/api/playlists/" + playlist, who), 200).path("items");
            if (done.test(items)) {
                return items;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("never happened: " + items);
    }

    <P extends dev.lalala.events.EventPayload> void publish(dev.lalala.events.EventType<P> type, P payload)
            throws Exception {
        EventEnvelope<P> envelope = EventEnvelope.of(type, payload);
        kafka.send(type.topic(), envelope.key(), EventJson.write(envelope)).get();
    }

    int count(String sql, Object... args) {
        Integer n = jdbc.queryForObject(sql, Integer.class, args);
        return n == null ? 0 : n;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    HttpResponse<String> get(String path, UUID who) throws Exception {
        return send("GET", path, who, null);
    }

    HttpResponse<String> send(String method, String path, UUID who, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (who != null) {
            request.header("Authorization", "Bearer " + TOKENS.tokenFor(who));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.request().method() + " " + response.uri() + ": "
                + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    static JsonNode problem(HttpResponse<String> response, int status) {
        JsonNode problem = json(response, status);
        assertThat(response.headers().firstValue("Content-Type")).as(response.uri() + ": " + response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem;
    }
}
