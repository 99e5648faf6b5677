package dev.lalala.search;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.EventPayload;
import dev.lalala.events.EventType;
import dev.lalala.events.Visibility;
import dev.lalala.events.playlist.PlaylistCreated;
import dev.lalala.events.playlist.PlaylistEvents;
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
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.search.index.SearchIndex;
import dev.lalala.search.indexing.IndexRebuilder;
import dev.lalala.testsupport.TestTokens;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * search-service against a real Elasticsearch 8.19 with the project's analysis plugin installed and a real Kafka:
 * documents come from events on the topics, queries go over HTTP.
 */
@LocalInfra({Component.ELASTICSEARCH, Component.KAFKA})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SearchServiceIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final TestTokens JWKS = new TestTokens();

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        registry.add("lalala.security.jwk-set-uri", JWKS::jwkSetUri);
    }

    @LocalServerPort
    int port;
    @Autowired
    ElasticsearchClient elasticsearch;
    @Autowired
    KafkaTemplate<String, String> kafka;
    @Autowired
    IndexRebuilder rebuilder;

    final HttpClient http = HttpClient.newHttpClient();

    // ---- probes, docs, indices ----

    @Test
    void readinessIsUpAndIncludesElasticsearch() throws Exception {
        HttpResponse<String> response = get("/actuator/health/readiness", null);

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode health = JSON.readTree(response.body());
        assertThat(health.path("components").path("elasticsearch").path("status").asString()).isEqualTo("UP");
    }

    @Test
    void apiDocsListTheEndpoints() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs", null);

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode docs = JSON.readTree(response.body());
        assertThat(docs.path("paths").propertyNames()).contains("/api/search", "/api/search/suggest");
    }

    @Test
    void theIndicesAreVersionedBehindAliasesAndAnalysedByThePlugin() throws Exception {
        for (SearchIndex index : SearchIndex.values()) {
            var response = elasticsearch.indices().getAlias(a -> a.name(index.alias()));
            assertThat(response.result().keySet()).singleElement()
                    .satisfies(name -> assertThat(name).startsWith(index.versionedName()));
        }
        var analyzed = elasticsearch.indices().analyze(a -> a.index("tracks").analyzer("text").text("서울의 밤을"));
        assertThat(analyzed.tokens()).extracting(t -> t.token()).contains("서울", "밤").doesNotContain("의", "을");
    }

    // ---- Korean, English, both ----

    @Test
    void koreanIsFoundByAWordInsideACompoundAndWithParticlesAttached() throws Exception {
        UUID artist = artist("나래", "narae");
        UUID station = track(artist, "가곡역에서 만나요", "ballad", Visibility.PUBLIC);
        UUID night = track(artist, "서울의 밤", "ballad", Visibility.PUBLIC);

        awaitSearch("가곡", hasId(station));       // a part of the compound 가곡역
        awaitSearch("가곡역", hasId(station));
        awaitSearch("서울", hasId(night));         // 서울의: the particle is not part of the word
        awaitSearch("서울을", hasId(night));       // and a particle on the query side does not matter
        awaitSearch("밤에", hasId(night));
    }

    @Test
    void englishFindsStemsTyposAccentsPunctuationAndJoinedWords() throws Exception {
        UUID artist = artist("Echo Park", "echopark");
        UUID rain = track(artist, "Seoul Rain Dancing", "pop", Visibility.PUBLIC);
        UUID dvorak = track(artist, "Dvořák in Blue", "classical", Visibility.PUBLIC);
        UUID rem = track(artist, "Losing My R.E.M. Religion", "rock", Visibility.PUBLIC);
        UUID cane = track(artist, "Sugar Cane Fields", "folk", Visibility.PUBLIC);
        UUID machine = track(artist, "Rage Against The Vending Machine", "rock", Visibility.PUBLIC);

        awaitSearch("dance", hasId(rain));                  // stem
        awaitSearch("Soeul", hasId(rain));                  // transposed letters
        awaitSearch("Seuol Rian", hasId(rain));             // two words, each with a typo
        awaitSearch("Dvorak", hasId(dvorak));               // accents folded
        awaitSearch("REM", hasId(rem));                     // punctuation folded
        awaitSearch("sugarcane", hasId(cane));              // written together
        awaitSearch("rage machine", hasId(machine));        // a partial title
        awaitSearch("echopark", hasId(rain));               // by the artist's handle
        awaitSearch("Echo Park", hasId(artist));            // the artist themself
    }

    @Test
    void aQueryInEitherLanguageFindsMixedTitles() throws Exception {
        UUID artist = artist("Mira Kwon", "mirakwon");
        UUID mixed = track(artist, "Neon 한강 Lullaby", "electronic", Visibility.PUBLIC);

        awaitSearch("한강", hasId(mixed));
        awaitSearch("lullaby", hasId(mixed));
        awaitSearch("neon 한강", hasId(mixed));
    }

    @Test
    void suggestionsCompletePrefixesInBothScripts() throws Exception {
        UUID artist = artist("Suggest Artist", "suggestartist");
        UUID song = track(artist, "Starfall 별빛바다", "pop", Visibility.PUBLIC);

        awaitSuggest("starf", hasId(song));
        awaitSuggest("STARFA", hasId(song));
        awaitSuggest("별빛", hasId(song));
        awaitSuggest("별", hasId(song));
        awaitSuggest("starfall 별", hasId(song));
        awaitSuggest("suggest art", hasId(artist));
        JsonNode items = JSON.readTree(get("/api/search/suggest?q=starf", null).body()).path("items");
        JsonNode first = find(items, song);
        assertThat(first.path("type").asString()).isEqualTo("track");
        assertThat(first.path("text").asString()).isEqualTo("Starfall 별빛바다");
        assertThat(first.path("subtitle").asString()).isEqualTo("Suggest Artist");
    }

    // ---- visibility ----

    @Test
    void publicForEveryoneUnlistedNeverListedPrivateOnlyToTheOwner() throws Exception {
        UUID owner = artist("Visible Owner", "visibleowner");
        UUID other = UUID.randomUUID();
        UUID open = track(owner, "Quasarwave Public", "pop", Visibility.PUBLIC);
        UUID unlisted = track(owner, "Quasarwave Unlisted", "pop", Visibility.UNLISTED);
        UUID hidden = track(owner, "Quasarwave Private", "pop", Visibility.PRIVATE);

        awaitSearchAs("quasarwave", JWKS.tokenFor(owner), hasId(open).and(hasId(hidden)).and(hasId(unlisted)));
        JsonNode anonymous = search("quasarwave", null);
        assertThat(ids(anonymous)).contains(open.toString()).doesNotContain(hidden.toString(), unlisted.toString());
        JsonNode someoneElse = search("quasarwave", JWKS.tokenFor(other));
        assertThat(ids(someoneElse)).contains(open.toString()).doesNotContain(hidden.toString(),
                unlisted.toString());
        assertThat(ids(JSON.readTree(get("/api/search/suggest?q=quasarw", null).body()).path("items")))
                .contains(open.toString()).doesNotContain(hidden.toString(), unlisted.toString());
    }

    @Test
    void aSongMadePrivateRenamedOrDeletedChangesResultsQuickly() throws Exception {
        UUID owner = artist("Change Owner", "changeowner");
        UUID song = track(owner, "Borealis Avenue", "pop", Visibility.PUBLIC);
        awaitSearch("borealis", hasId(song));

        send(TrackEvents.TRACK_UPDATED, new TrackUpdated(song, owner, "Aurora Boulevard", "pop", List.of(), null,
                Visibility.PUBLIC, null));
        awaitSearch("aurora boulevard", hasId(song));
        awaitSearch("borealis", hasId(song).negate());

        send(TrackEvents.TRACK_UPDATED, new TrackUpdated(song, owner, "Aurora Boulevard", "pop", List.of(), null,
                Visibility.PRIVATE, null));
        awaitSearch("aurora boulevard", hasId(song).negate());
        assertThat(ids(search("aurora boulevard", JWKS.tokenFor(owner)))).contains(song.toString());

        UUID gone = track(owner, "Nebulous Goodbye", "pop", Visibility.PUBLIC);
        awaitSearch("nebulous", hasId(gone));
        send(TrackEvents.TRACK_DELETED, new TrackDeleted(gone, owner));
        awaitSearch("nebulous", hasId(gone).negate());
    }

    @Test
    void anArtistWhoDeletesTheAccountDisappearsWithTheirSongsAndPlaylists() throws Exception {
        UUID owner = artist("Vanishing Act", "vanishingact");
        UUID song = track(owner, "Evanescent Tide", "pop", Visibility.PUBLIC);
        UUID list = UUID.randomUUID();
        send(PlaylistEvents.PLAYLIST_CREATED, new PlaylistCreated(list, owner, "Evanescent Mix", null,
                Visibility.PUBLIC, false));
        awaitSearch("evanescent", hasId(song).and(hasId(list)).and(hasId(owner).negate()));
        awaitSearch("vanishing act", hasId(owner));

        send(UserEvents.USER_DELETED, new UserDeleted(owner, Instant.now()));
        awaitSearch("evanescent", hasId(song).negate().and(hasId(list).negate()));
        awaitSearch("vanishing act", hasId(owner).negate());
    }

    @Test
    void anArtistRenameReachesTheirSongs() throws Exception {
        UUID owner = artist("Old Stage Name", "oldstage");
        UUID song = track(owner, "Kaleidoscope Heart", "pop", Visibility.PUBLIC);
        awaitSearch("kaleidoscope", hasId(song));

        send(UserEvents.PROFILE_UPDATED, new ProfileUpdated(owner, "newstage", "Zephyrine Moon", null, null,
                UserRole.ARTIST));
        awaitSearch("zephyrine", hasId(song).and(hasId(owner)));
        JsonNode hit = find(search("kaleidoscope", null).path("items"), song);
        assertThat(hit.path("subtitle").asString()).isEqualTo("Zephyrine Moon");
    }

    // ---- ordering and replay ----

    @Test
    void anOlderEventNeverOverwritesANewerDocumentSoReplaysGiveTheSameIndex() throws Exception {
        UUID owner = artist("Order Artist", "orderartist");
        UUID song = UUID.randomUUID();
        Instant t1 = Instant.now().minusSeconds(60);
        Instant t2 = t1.plusSeconds(30);
        EventEnvelope<TrackPublished> published = EventEnvelope.of(TrackEvents.TRACK_PUBLISHED,
                published(song, owner, "Obsidian First", "pop", Visibility.PUBLIC), Clock.fixed(t1, ZoneOffset.UTC));
        EventEnvelope<TrackUpdated> renamed = EventEnvelope.of(TrackEvents.TRACK_UPDATED,
                new TrackUpdated(song, owner, "Obsidian Second", "pop", List.of(), null, Visibility.PUBLIC, null),
                Clock.fixed(t2, ZoneOffset.UTC));
        send(published);
        send(renamed);
        awaitSearch("obsidian second", hasId(song));

        // The topic replayed: the same events again, and the older one re-sent under a new id.
        send(published);
        send(EventEnvelope.of(TrackEvents.TRACK_PUBLISHED,
                published(song, owner, "Obsidian First", "pop", Visibility.PUBLIC), Clock.fixed(t1, ZoneOffset.UTC)));
        UUID marker = track(owner, "Obsidian Marker", "pop", Visibility.PUBLIC); // sent after the replays
        awaitSearch("obsidian marker", hasId(marker));
        JsonNode hit = find(search("obsidian", null).path("items"), song);
        assertThat(hit.path("title").asString()).isEqualTo("Obsidian Second");
    }

    // ---- relevance, facets, paging ----

    @Test
    void exactTitlesComeFirstAndPopularityBreaksTies() throws Exception {
        UUID owner = artist("Rank Artist", "rankartist");
        UUID longer = track(owner, "Marigold Marigold Sunrise Extended", "pop", Visibility.PUBLIC);
        UUID quiet = track(owner, "Marigold Sunrise", "pop", Visibility.PUBLIC);
        UUID loved = track(owner, "Marigold Sunrise", "pop", Visibility.PUBLIC);
        for (int i = 0; i < 5; i++) {
            send(TrackEvents.TRACK_LIKED, new TrackLiked(loved, UUID.randomUUID(), Instant.now()));
        }
        // Ranking, not speed, is what this checks: the likes may take longer than 10 s on a busy machine.
        await("search marigold sunrise", Duration.ofSeconds(60), () -> search("marigold sunrise", null), r -> {
            List<String> ids = ids(r);
            return ids.size() >= 3 && ids.get(0).equals(loved.toString()) && ids.get(1).equals(quiet.toString());
        });
        assertThat(ids(search("marigold sunrise", null))).contains(longer.toString());
    }

    @Test
    void facetsCountByTypeAndGenreAndTheCursorWalksEveryHitOnce() throws Exception {
        UUID owner = artist("Lantern Keeper", "lanternkeeper");
        Set<String> songs = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            songs.add(track(owner, "Lantern Song " + i, i < 3 ? "jazz" : "blues", Visibility.PUBLIC).toString());
        }
        // The artist's document comes from another topic (user.events) and may be indexed after the songs.
        awaitSearch("lantern", r -> ids(r).containsAll(songs)
                && r.path("facets").path("type").path("artist").asLong() == 1);

        JsonNode first = search("lantern", null);
        assertThat(first.path("facets").path("type").path("track").asLong()).isEqualTo(5);
        assertThat(first.path("facets").path("type").path("artist").asLong()).isEqualTo(1);
        assertThat(first.path("facets").path("genre").path("jazz").asLong()).isEqualTo(3);
        assertThat(first.path("facets").path("genre").path("blues").asLong()).isEqualTo(2);
        assertThat(find(first.path("items"), UUID.fromString(songs.iterator().next())).path("highlight").asString())
                .contains("<em>Lantern</em>");

        List<String> walked = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String path = "/api/search?type=track&limit=2&q=lantern" + (cursor == null ? "" : "&cursor=" + cursor);
            JsonNode page = JSON.readTree(get(path, null).body());
            walked.addAll(ids(page));
            cursor = page.path("nextCursor").isString() ? page.path("nextCursor").asString() : null;
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(walked).hasSize(5).containsExactlyInAnyOrderElementsOf(songs);

        JsonNode blues = JSON.readTree(get("/api/search?q=lantern&genre=blues", null).body());
        assertThat(blues.path("items")).hasSize(2);
    }

    // ---- hostile input ----

    @Test
    void theQueryIsDataNeverSyntaxAndAbusiveInputIsABadRequest() throws Exception {
        UUID owner = artist("Hostile Artist", "hostileartist");
        UUID song = track(owner, "Midnight Hostility", "pop", Visibility.PUBLIC);
        UUID hidden = track(owner, "Midnight Secret", "pop", Visibility.PRIVATE);
        awaitSearch("hostility", hasId(song));

        for (String q : List.of("*", "title:Midnight", "visibility:PRIVATE", "Midnight OR *", "mid*", "(((",
                "\"Midnight", "a~100", "_id:" + hidden, "{\"match_all\":{}}", "\\", "/.*/", "<script>")) {
            HttpResponse<String> response = get("/api/search?q=" + enc(q), null);
            assertThat(response.statusCode()).as(q).isEqualTo(200);
            assertThat(ids(JSON.readTree(response.body()))).as(q).doesNotContain(hidden.toString());
            HttpResponse<String> suggest = get("/api/search/suggest?q=" + enc(q), null);
            assertThat(suggest.statusCode()).as(q).isEqualTo(200);
            assertThat(ids(JSON.readTree(suggest.body()))).as(q).doesNotContain(hidden.toString());
        }
        assertThat(ids(search("*", null))).isEmpty();

        for (String path : List.of("/api/search", "/api/search?q=", "/api/search?q=" + "a".repeat(101),
                "/api/search?q=" + enc("a b c d e f g h i j k l m"), "/api/search?q=x%00y",
                "/api/search?q=x&type=users", "/api/search?q=x&limit=0", "/api/search?q=x&limit=51",
                "/api/search?q=x&cursor=not-a-cursor", "/api/search?q=x&genre=" + "g".repeat(51),
                "/api/search/suggest", "/api/search/suggest?q=" + "a".repeat(101))) {
            HttpResponse<String> response = get(path, null);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.headers().firstValue("Content-Type")).as(path).hasValueSatisfying(
                    v -> assertThat(v).startsWith("application/problem+json"));
        }
    }

    // ---- rebuild ----

    @Test
    void aRebuildFromTheTopicsSwapsTheAliasWhileQueriesKeepAnswering() throws Exception {
        UUID owner = artist("Rebuild Artist", "rebuildartist");
        UUID song = track(owner, "Phosphor Rebuild 반딧불", "pop", Visibility.PUBLIC);
        awaitSearch("phosphor", hasId(song));
        String before = elasticsearch.indices().getAlias(a -> a.name("tracks")).result().keySet().iterator().next();

        AtomicBoolean done = new AtomicBoolean();
        List<String> failures = new CopyOnWriteArrayList<>();
        int[] queries = {0};
        Thread reader = Thread.ofVirtual().start(() -> {
            while (!done.get()) {
                try {
                    HttpResponse<String> r = get("/api/search?q=phosphor", null);
                    queries[0]++;
                    if (r.statusCode() != 200 || !r.body().contains(song.toString())) {
                        failures.add(r.statusCode() + " " + r.body());
                    }
                } catch (Exception e) {
                    failures.add(e.toString());
                }
            }
        });
        IndexRebuilder.Report report = rebuilder.rebuild();
        done.set(true);
        reader.join();

        assertThat(failures).isEmpty();
        assertThat(queries[0]).isPositive();
        assertThat(report.events()).isPositive();
        String after = elasticsearch.indices().getAlias(a -> a.name("tracks")).result().keySet().iterator().next();
        assertThat(after).isNotEqualTo(before).isEqualTo(report.indices().tracks());
        assertThat(elasticsearch.indices().exists(e -> e.index(before)).value()).isFalse();
        awaitSearch("반딧불", hasId(song));
    }

    // ---- helpers ----

    UUID artist(String name, String handle) throws Exception {
        UUID id = UUID.randomUUID();
        send(UserEvents.USER_REGISTERED, new UserRegistered(id, handle + "@example.com", name, handle,
                Instant.now()));
        return id;
    }

    UUID track(UUID owner, String title, String genre, Visibility visibility) throws Exception {
        UUID id = UUID.randomUUID();
        send(TrackEvents.TRACK_PUBLISHED, published(id, owner, title, genre, visibility));
        return id;
    }

    static TrackPublished published(UUID id, UUID owner, String title, String genre, Visibility visibility) {
        return new TrackPublished(id, owner, title, genre, List.of(), null, visibility, 200_000L, 50, 176_400,
                44_100, 0.0, null, Instant.now());
    }

    <P extends EventPayload> void send(EventType<P> type, P payload) throws Exception {
        send(EventEnvelope.of(type, payload));
    }

    void send(EventEnvelope<?> event) throws Exception {
        kafka.send(event.topic(), event.key(), EventJson.write(event)).get();
    }

    static Predicate<JsonNode> hasId(UUID id) {
        return r -> ids(r).contains(id.toString());
    }

    static List<String> ids(JsonNode response) {
        JsonNode items = response.has("items") ? response.path("items") : response;
        List<String> ids = new ArrayList<>();
        items.forEach(i -> ids.add(i.path("id").asString()));
        return ids;
    }

    static JsonNode find(JsonNode items, UUID id) {
        for (JsonNode i : items) {
            if (i.path("id").asString().equals(id.toString())) {
                return i;
            }
        }
        throw new AssertionError(id + " not in " + items);
    }

    JsonNode search(String q, String token) throws Exception {
        HttpResponse<String> response = get("/api/search?q=" + enc(q), token);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    void awaitSearch(String q, Predicate<JsonNode> condition) throws Exception {
        awaitSearchAs(q, null, condition);
    }

    void awaitSearchAs(String q, String token, Predicate<JsonNode> condition) throws Exception {
        await("search " + q, () -> search(q, token), condition);
    }

    void awaitSuggest(String q, Predicate<JsonNode> condition) throws Exception {
        await("suggest " + q, () -> {
            HttpResponse<String> response = get("/api/search/suggest?q=" + enc(q), null);
            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            return JSON.readTree(response.body());
        }, condition);
    }

    interface Call {
        JsonNode call() throws Exception;
    }

    static void await(String what, Call call, Predicate<JsonNode> condition) throws Exception {
        await(what, Duration.ofSeconds(10), call, condition);
    }

    static void await(String what, Duration within, Call call, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = call.call();
            if (condition.test(last)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + ": not within " + within + "; last answer " + last);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
