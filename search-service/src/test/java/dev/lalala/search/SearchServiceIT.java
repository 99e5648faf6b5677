package dev.lalala.search;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.query_dsl.Query;
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
import dev.lalala.search.indexing.SearchWriter;
import dev.lalala.search.indexing.Targets;
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
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaAdmin;
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
    @Autowired
    KafkaAdmin kafkaAdmin;
    @Autowired
    SearchWriter writer;

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
        UUID vending = track(artist, "Vending Lights", "rock", Visibility.PUBLIC);

        awaitSearch("dance", hasId(rain));                  // stem
        awaitSearch("Soeul", hasId(rain));                  // transposed letters
        awaitSearch("Seuol Rian", hasId(rain));             // two words, each with a typo
        awaitSearch("Dvorak", hasId(dvorak));               // accents folded
        awaitSearch("REM", hasId(rem));                     // punctuation folded
        awaitSearch("sugarcane", hasId(cane));              // written together
        awaitSearch("rage machine", hasId(machine));        // a partial title
        // Several words: the songs with all of them; only when none has them all, those with any.
        awaitSearch("vending machine", hasId(machine).and(hasId(vending).negate()));
        awaitSearch("vending qwzxv", hasId(machine).and(hasId(vending)));
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
        awaitSuggest("strafall", hasId(song));      // a transposition, as you type
        awaitSuggest("suggestartist", hasId(artist)); // the handle
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
        awaitSuggest("boulev", hasId(song));
        awaitSuggest("boreal", hasId(song).negate());

        send(TrackEvents.TRACK_UPDATED, new TrackUpdated(song, owner, "Aurora Boulevard", "pop", List.of(), null,
                Visibility.PRIVATE, null));
        awaitSearch("aurora boulevard", hasId(song).negate());
        assertThat(ids(search("aurora boulevard", JWKS.tokenFor(owner)))).contains(song.toString());
        awaitSuggest("aurora bou", hasId(song).negate());
        assertThat(ids(suggest("aurora bou", JWKS.tokenFor(owner)))).contains(song.toString());

        UUID gone = track(owner, "Nebulous Goodbye", "pop", Visibility.PUBLIC);
        awaitSearch("nebulous", hasId(gone));
        awaitSuggest("nebul", hasId(gone));
        send(TrackEvents.TRACK_DELETED, new TrackDeleted(gone, owner));
        awaitSearch("nebulous", hasId(gone).negate());
        awaitSuggest("nebul", hasId(gone).negate());
        assertThat(ids(suggest("nebul", JWKS.tokenFor(owner)))).doesNotContain(gone.toString());
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
        awaitSuggest("evanes", hasId(song).and(hasId(list)));
        awaitSuggest("vanish", hasId(owner));

        send(UserEvents.USER_DELETED, new UserDeleted(owner, Instant.now()));
        awaitSearch("evanescent", hasId(song).negate().and(hasId(list).negate()));
        awaitSearch("vanishing act", hasId(owner).negate());
        awaitSuggest("evanes", hasId(song).negate().and(hasId(list).negate()));
        awaitSuggest("vanish", hasId(owner).negate());
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

    @Test
    void songsIndexedBeforeTheirArtistRegistersTakeTheNameAndAnOlderProfileNeverWins() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID early = track(owner, "Wanderlight Early", "pop", Visibility.PUBLIC);
        UUID list = UUID.randomUUID();
        send(PlaylistEvents.PLAYLIST_CREATED, new PlaylistCreated(list, owner, "Wanderlight Mix", null,
                Visibility.PUBLIC, false));
        // Searchable before the artist's registration is even sent: indexed without an artist.
        awaitSearch("wanderlight", hasId(early).and(hasId(list)));

        Instant registered = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        send(EventEnvelope.of(UserEvents.USER_REGISTERED, new UserRegistered(owner, "latecomer@example.com",
                "Latecomer Lumen", "latecomerlumen", registered), Clock.fixed(registered, ZoneOffset.UTC)));
        UUID later = track(owner, "Wanderlight Later", "pop", Visibility.PUBLIC);
        awaitSearch("latecomer lumen", hasId(early).and(hasId(list)).and(hasId(later)).and(hasId(owner)));
        JsonNode named = search("wanderlight", null).path("items");
        assertThat(find(named, early).path("subtitle").asString()).isEqualTo("Latecomer Lumen");
        assertThat(find(named, list).path("subtitle").asString()).isEqualTo("Latecomer Lumen");
        assertThat(find(named, later).path("subtitle").asString()).isEqualTo("Latecomer Lumen");

        // A profile change older than the registration (late, or a replay) is handled and changes nothing.
        EventEnvelope<ProfileUpdated> stale = EventEnvelope.of(UserEvents.PROFILE_UPDATED, new ProfileUpdated(owner,
                "stalehandle", "Stale Moniker", null, null, UserRole.ARTIST),
                Clock.fixed(registered.minusSeconds(60), ZoneOffset.UTC));
        awaitHandled(kafka.send(stale.topic(), stale.key(), EventJson.write(stale)).get().getRecordMetadata());
        @SuppressWarnings("unchecked")
        Map<String, Object> artistDoc = elasticsearch.get(g -> g.index("artists").id(owner.toString()), Map.class)
                .source();
        assertThat(artistDoc).containsEntry("displayName", "Latecomer Lumen").containsEntry("handle", "latecomerlumen")
                .doesNotContainKey("itemsWaiting");
        elasticsearch.indices().refresh(r -> r.index("tracks", "artists", "playlists"));
        assertThat(ids(search("stale moniker", null))).doesNotContain(owner.toString(), early.toString());
        assertThat(find(search("wanderlight", null).path("items"), early).path("subtitle").asString())
                .isEqualTo("Latecomer Lumen");
    }

    @Test
    void withinOneRunSongsBeforeTheirArtistAreNamedAndTheNewerOfTwoRenamesWins() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID song = UUID.randomUUID();
        UUID list = UUID.randomUUID();
        Instant t = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        // What one poll may hold: the song and the playlist first, then their owner's registration (other topic).
        writer.apply(Targets.LIVE, List.of(
                EventEnvelope.of(TrackEvents.TRACK_PUBLISHED, published(song, owner, "Quillfeather", "pop",
                        Visibility.PUBLIC), Clock.fixed(t, ZoneOffset.UTC)),
                EventEnvelope.of(PlaylistEvents.PLAYLIST_CREATED, new PlaylistCreated(list, owner, "Quillfeather Mix",
                        null, Visibility.PUBLIC, false), Clock.fixed(t, ZoneOffset.UTC)),
                EventEnvelope.of(UserEvents.USER_REGISTERED, new UserRegistered(owner, "inrun@example.com",
                        "Inrun Registrant", "inrunregistrant", t), Clock.fixed(t.plusMillis(1), ZoneOffset.UTC))));
        assertThat(doc("tracks", song)).containsEntry("artistName", "Inrun Registrant")
                .containsEntry("artistHandle", "inrunregistrant");
        assertThat(doc("playlists", list)).containsEntry("ownerName", "Inrun Registrant");
        assertThat(doc("artists", owner)).containsEntry("displayName", "Inrun Registrant")
                .doesNotContainKey("itemsWaiting");

        // Two renames in one run, the newer first: the older one is ignored, and the songs follow the newer.
        writer.apply(Targets.LIVE, List.of(
                EventEnvelope.of(UserEvents.PROFILE_UPDATED, new ProfileUpdated(owner, "newerhandle", "Newer Name",
                        null, null, UserRole.ARTIST), Clock.fixed(t.plusSeconds(20), ZoneOffset.UTC)),
                EventEnvelope.of(UserEvents.PROFILE_UPDATED, new ProfileUpdated(owner, "olderhandle", "Older Name",
                        null, null, UserRole.ARTIST), Clock.fixed(t.plusSeconds(10), ZoneOffset.UTC))));
        assertThat(doc("artists", owner)).containsEntry("displayName", "Newer Name");
        assertThat(doc("tracks", song)).containsEntry("artistName", "Newer Name");
        assertThat(doc("playlists", list)).containsEntry("ownerName", "Newer Name");
        awaitSearch("newer name", hasId(song).and(hasId(list)).and(hasId(owner)));
    }

    /** A document as stored now (a realtime get: no refresh needed). */
    @SuppressWarnings("unchecked")
    Map<String, Object> doc(String index, UUID id) throws Exception {
        return elasticsearch.get(g -> g.index(index).id(id.toString()), Map.class).source();
    }

    @Test
    void aBacklogOfThousandsOfEventsIsIndexedWithEveryArtistNamedOnTheirSongs() throws Exception {
        // Sizes and the share of artists registered only after their songs: -Dsearch.backlog.artists=,
        // -Dsearch.backlog.tracks=, -Dsearch.backlog.late-percent= (the figures in bench/README.md).
        int artists = Integer.getInteger("search.backlog.artists", 1_000);
        int tracks = Integer.getInteger("search.backlog.tracks", 10_000);
        int latePercent = Integer.getInteger("search.backlog.late-percent", 50);
        String genre = "backlog-" + Long.toString(System.nanoTime(), 36);
        Random random = new Random(11);
        List<UUID> owners = new ArrayList<>();
        List<EventEnvelope<?>> early = new ArrayList<>();
        List<EventEnvelope<?>> late = new ArrayList<>();
        for (int i = 0; i < artists; i++) {
            UUID id = UUID.randomUUID();
            owners.add(id);
            (i * 100 < artists * latePercent ? late : early).add(EventEnvelope.of(UserEvents.USER_REGISTERED,
                    new UserRegistered(id, genre + i + "@example.com", "Backlog Artist " + i, genre + i,
                            Instant.now())));
        }
        List<EventEnvelope<?>> songs = new ArrayList<>();
        Map<UUID, UUID> ownerOf = new java.util.HashMap<>();
        for (int i = 0; i < tracks; i++) {
            UUID id = UUID.randomUUID();
            UUID owner = owners.get(random.nextInt(owners.size()));
            ownerOf.put(id, owner);
            songs.add(EventEnvelope.of(TrackEvents.TRACK_PUBLISHED,
                    published(id, owner, "Backlog Song " + i, genre, Visibility.PUBLIC)));
        }
        Query ofThisRun = Query.of(q -> q.term(t -> t.field("genre").value(genre)));
        Query named = Query.of(q -> q.bool(b -> b.filter(ofThisRun).filter(f -> f.exists(e -> e.field("artistName")))));

        long started = System.nanoTime();
        for (List<EventEnvelope<?>> part : List.of(early, songs, late)) {
            for (EventEnvelope<?> event : part) {
                kafka.send(event.topic(), event.key(), EventJson.write(event));
            }
        }
        kafka.flush();
        double published = (System.nanoTime() - started) / 1e9;
        long indexedWhenPublished = countTracks(ofThisRun);
        long last = -1;
        long lastChange = System.nanoTime();
        double songsIndexedAt = 0;
        while (true) {
            long indexed = countTracks(ofThisRun);
            long withName = countTracks(named);
            if (indexed == tracks && songsIndexedAt == 0) {
                songsIndexedAt = (System.nanoTime() - started) / 1e9;
            }
            if (withName == tracks) {
                songsIndexedAt = songsIndexedAt == 0 ? (System.nanoTime() - started) / 1e9 : songsIndexedAt;
                break;
            }
            if (indexed + withName != last) {
                last = indexed + withName;
                lastChange = System.nanoTime();
            }
            assertThat(System.nanoTime() - lastChange).as("indexing stalled at %d songs, %d named, of %d", indexed,
                    withName, tracks).isLessThan(Duration.ofSeconds(60).toNanos());
            Thread.sleep(250);
        }
        double done = (System.nanoTime() - started) / 1e9;
        // The rate over the whole run is bounded by how fast this test publishes; the second, over what was left
        // once everything was published, is the indexing rate with a backlog waiting.
        System.out.printf("search backlog: %,d artists (%d%% registered after their songs) and %,d songs published "
                        + "in %.1f s; every song indexed %.1f s and named %.1f s after the first was sent: "
                        + "%,.0f events/s; the %,d songs not yet indexed when the last was sent: %,.0f songs/s%n",
                artists, latePercent, tracks, published, songsIndexedAt, done, (artists + tracks) / done,
                tracks - indexedWhenPublished, (tracks - indexedWhenPublished) / Math.max(0.001,
                        songsIndexedAt - published));

        for (UUID song : songs.stream().limit(200).map(e -> ((TrackPublished) e.payload()).trackId()).toList()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> doc = elasticsearch.get(g -> g.index("tracks").id(song.toString()), Map.class).source();
            assertThat(doc.get("artistName")).isEqualTo("Backlog Artist " + owners.indexOf(ownerOf.get(song)));
        }
    }

    /** Waits until the service's consumer group committed past this record: it was handled. */
    void awaitHandled(RecordMetadata sent) throws Exception {
        TopicPartition partition = new TopicPartition(sent.topic(), sent.partition());
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        try (Admin admin = Admin.create(kafkaAdmin.getConfigurationProperties())) {
            while (true) {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets("search-service")
                        .partitionsToOffsetAndMetadata().get().get(partition);
                if (committed != null && committed.offset() > sent.offset()) {
                    return;
                }
                assertThat(System.nanoTime()).as("%s handled within 10 s", sent).isLessThan(deadline);
                Thread.sleep(50);
            }
        }
    }

    long countTracks(Query query) throws Exception {
        return elasticsearch.count(c -> c.index("tracks").query(query)).count();
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
    void suggestionsPutTheMostPopularFirstAndOnlyWhatTheCallerMaySee() throws Exception {
        UUID owner = artist("Vortex Keeper", "vortexkeeper");
        // Titles of the same length: the same text score, so only the likes tell them apart.
        UUID quiet = track(owner, "Vortexia Moon", "pop", Visibility.PUBLIC);
        UUID loved = track(owner, "Vortexia Mist", "pop", Visibility.PUBLIC);
        UUID hidden = track(owner, "Vortexia Secret", "pop", Visibility.PRIVATE);
        UUID unlisted = track(owner, "Vortexia Link", "pop", Visibility.UNLISTED);
        UUID gone = track(owner, "Vortexia Gone", "pop", Visibility.PUBLIC);
        send(TrackEvents.TRACK_DELETED, new TrackDeleted(gone, owner));
        for (int i = 0; i < 3; i++) {
            send(TrackEvents.TRACK_LIKED, new TrackLiked(loved, UUID.randomUUID(), Instant.now()));
        }

        // From two letters (no typo allowed there) to the whole word; the liked song first every time.
        for (String prefix : List.of("vo", "vort", "vortexi", "VORTEXIA")) {
            await("suggest " + prefix, Duration.ofSeconds(60), () -> suggest(prefix, null), r -> {
                List<String> ids = ids(r);
                return ids.indexOf(loved.toString()) == 0 && ids.contains(quiet.toString());
            });
            assertThat(ids(suggest(prefix, null))).doesNotContain(hidden.toString(), unlisted.toString(),
                    gone.toString());
        }
        // The owner is also offered their own private and unlisted songs; never the deleted one.
        assertThat(ids(suggest("vortexia", JWKS.tokenFor(owner))))
                .contains(loved.toString(), quiet.toString(), hidden.toString(), unlisted.toString())
                .doesNotContain(gone.toString());
        assertThat(ids(suggest("vortexia", JWKS.tokenFor(UUID.randomUUID()))))
                .doesNotContain(hidden.toString(), unlisted.toString(), gone.toString());
    }

    @Test
    void theNewerOfTwoExactMatchesComesFirstAndLikesLeadAmongEqualTextMatches() throws Exception {
        UUID owner = artist("Fresh Keeper", "freshkeeper");
        UUID old = UUID.randomUUID();
        send(TrackEvents.TRACK_PUBLISHED, new TrackPublished(old, owner, "Quillon Harbor", "pop", List.of(), null,
                Visibility.PUBLIC, 200_000L, 50, 176_400, 44_100, 0.0, null,
                Instant.now().minus(Duration.ofDays(300))));
        UUID fresh = track(owner, "Quillon Harbor", "pop", Visibility.PUBLIC);
        UUID popular = track(owner, "Harbor Quillon", "pop", Visibility.PUBLIC);
        for (int i = 0; i < 20; i++) {
            send(TrackEvents.TRACK_LIKED, new TrackLiked(popular, UUID.randomUUID(), Instant.now()));
        }

        // (Other tests' songs may match too: the order of these three is what counts.)
        List<String> these = List.of(fresh.toString(), old.toString(), popular.toString());
        // Exact titles first, the fresher of them first; the liked song with the same words in another order after.
        await("search quillon harbor", Duration.ofSeconds(60), () -> search("quillon harbor", null),
                r -> ids(r).stream().filter(these::contains).toList()
                        .equals(List.of(fresh.toString(), old.toString(), popular.toString())));
        // One word of three titles of the same length: likes first, then freshness.
        await("search quillon", Duration.ofSeconds(60), () -> search("quillon", null),
                r -> ids(r).stream().filter(these::contains).toList()
                        .equals(List.of(popular.toString(), fresh.toString(), old.toString())));
        await("suggest quill", Duration.ofSeconds(60), () -> suggest("quill", null),
                r -> ids(r).stream().filter(these::contains).toList()
                        .equals(List.of(popular.toString(), fresh.toString(), old.toString())));
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

    JsonNode suggest(String q, String token) throws Exception {
        HttpResponse<String> response = get("/api/search/suggest?q=" + enc(q), token);
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
