package dev.lalala.search;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.indices.GetIndexResponse;
import co.elastic.clients.elasticsearch.indices.IndexState;
import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.search.index.ArtistDocument;
import dev.lalala.search.index.PlaylistDocument;
import dev.lalala.search.index.SearchIndex;
import dev.lalala.search.index.SearchIndexSetup;
import dev.lalala.search.index.TrackDocument;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** search-service over real HTTP against a real Elasticsearch 8.19 (the bare distribution). */
@LocalInfra(Component.ELASTICSEARCH)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SearchServiceIT {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static final UUID MIRA = UUID.randomUUID();
    static final UUID JUN = UUID.randomUUID();
    static final UUID MIDNIGHT_CITY = UUID.randomUUID();
    static final UUID SEOUL_RAIN = UUID.randomUUID();
    static final UUID MIDNIGHT_DRIVE = UUID.randomUUID();
    static boolean seeded;

    @LocalServerPort
    int port;

    @Autowired
    ElasticsearchClient elasticsearch;

    @Autowired
    SearchIndexSetup setup;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void seed() throws Exception {
        if (seeded) {
            return;
        }
        index(SearchIndex.TRACKS, MIDNIGHT_CITY, TrackDocument.of(MIDNIGHT_CITY, "Midnight City", MIRA, "Mira Kwon",
                "electronic", List.of("synthwave"), 245_000L, "http://covers/1.jpg", Instant.now()));
        index(SearchIndex.TRACKS, SEOUL_RAIN, TrackDocument.of(SEOUL_RAIN, "Seoul Rain", JUN, "Jun Park", "ballad",
                List.of("rain"), 198_000L, null, Instant.now()));
        index(SearchIndex.ARTISTS, MIRA, ArtistDocument.of(MIRA, "mira", "Mira Kwon", "http://avatars/mira.jpg"));
        index(SearchIndex.ARTISTS, JUN, ArtistDocument.of(JUN, "junpark", "Jun Park", null));
        index(SearchIndex.PLAYLISTS, MIDNIGHT_DRIVE, PlaylistDocument.of(MIDNIGHT_DRIVE, "Midnight Drive",
                "Songs for the road", JUN, "Jun Park", 12, Instant.now()));
        elasticsearch.indices().refresh(r -> r.index("tracks", "artists", "playlists"));
        seeded = true;
    }

    // ---- probes, metrics, docs, indices ----

    @Test
    void readinessIsUpAndIncludesElasticsearch() throws Exception {
        HttpResponse<String> response = get("/actuator/health/readiness");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode health = JSON.readTree(response.body());
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("elasticsearch").path("status").asString()).isEqualTo("UP");
        // Details (cluster name, shards) only for operators: an anonymous caller sees statuses only.
        assertThat(health.path("components").path("elasticsearch").has("details")).as(response.body()).isFalse();
        assertThat(health.path("components").path("readinessState").path("status").asString()).isEqualTo("UP");
    }

    @Test
    void livenessIsUp() throws Exception {
        HttpResponse<String> response = get("/actuator/health/liveness");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusMetricsAreExposed() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("application=\"search-service\"");
    }

    @Test
    void apiDocsListTheEndpoints() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode docs = JSON.readTree(response.body());
        assertThat(docs.path("info").path("title").asString()).isEqualTo("LALALA search-service");
        assertThat(docs.path("paths").propertyNames()).contains("/api/search", "/api/search/suggest");
    }

    @Test
    void theIndicesAreVersionedBehindAliasesWithoutReplicasAndWithCompletionFields() throws Exception {
        for (SearchIndex index : SearchIndex.values()) {
            GetIndexResponse response = elasticsearch.indices().get(g -> g.index(index.alias()));
            IndexState state = response.result().get(index.versionedName());

            assertThat(state).as(index.alias()).isNotNull();
            assertThat(state.aliases()).containsKey(index.alias());
            assertThat(state.settings().index().numberOfReplicas()).isEqualTo("0");
            assertThat(state.mappings().properties().get("suggest").isCompletion()).isTrue();
            assertThat(elasticsearch.indices().existsIndexTemplate(t -> t.name(index.templateName())).value())
                    .isTrue();
        }
    }

    @Test
    void settingUpAgainChangesNothing() throws Exception {
        setup.apply();

        assertThat(elasticsearch.count(c -> c.index("tracks")).count()).isGreaterThanOrEqualTo(2);
        assertThat(elasticsearch.indices().get(g -> g.index("tracks")).result()).containsOnlyKeys("tracks_v1");
    }

    // ---- search ----

    @Test
    void aWordFindsTheSongWithThatTitle() throws Exception {
        JsonNode results = ok(get("/api/search?q=midnight&type=tracks"));

        assertThat(results.path("query").asString()).isEqualTo("midnight");
        assertThat(results.path("type").asString()).isEqualTo("tracks");
        assertThat(results.path("items").size()).isEqualTo(1);
        JsonNode hit = results.path("items").get(0);
        assertThat(hit.path("type").asString()).isEqualTo("track");
        assertThat(hit.path("id").asString()).isEqualTo(MIDNIGHT_CITY.toString());
        assertThat(hit.path("title").asString()).isEqualTo("Midnight City");
        assertThat(hit.path("subtitle").asString()).isEqualTo("Mira Kwon");
        assertThat(hit.path("imageUrl").asString()).isEqualTo("http://covers/1.jpg");
        assertThat(hit.path("score").asDouble()).isPositive();
    }

    @Test
    void aTypoStillFindsIt() throws Exception {
        assertThat(ids(ok(get("/api/search?q=midnigth&type=tracks")))).containsExactly(MIDNIGHT_CITY.toString());
        assertThat(ids(ok(get("/api/search?q=" + enc("seoul rian"))))).contains(SEOUL_RAIN.toString());
    }

    @Test
    void theWordBeingTypedMatchesAsAPrefix() throws Exception {
        assertThat(ids(ok(get("/api/search?q=midn&type=tracks")))).containsExactly(MIDNIGHT_CITY.toString());
    }

    @Test
    void allSearchesSongsArtistsAndPlaylists() throws Exception {
        JsonNode midnight = ok(get("/api/search?q=midnight"));
        JsonNode mira = ok(get("/api/search?q=mira&type=all"));

        assertThat(midnight.path("type").asString()).isEqualTo("all");
        assertThat(ids(midnight)).containsExactlyInAnyOrder(MIDNIGHT_CITY.toString(), MIDNIGHT_DRIVE.toString());
        assertThat(types(mira)).contains("artist", "track");
        assertThat(ids(mira)).contains(MIRA.toString(), MIDNIGHT_CITY.toString());
    }

    @Test
    void aTypeNarrowsTheSearch() throws Exception {
        JsonNode artists = ok(get("/api/search?q=mira&type=artists"));
        JsonNode playlists = ok(get("/api/search?q=midnight&type=playlists"));

        assertThat(ids(artists)).containsExactly(MIRA.toString());
        assertThat(artists.path("items").get(0).path("subtitle").asString()).isEqualTo("@mira");
        assertThat(ids(playlists)).containsExactly(MIDNIGHT_DRIVE.toString());
        assertThat(playlists.path("items").get(0).path("subtitle").asString()).isEqualTo("Jun Park");
    }

    @Test
    void theLimitCapsTheHits() throws Exception {
        assertThat(ok(get("/api/search?q=midnight&limit=1")).path("items").size()).isEqualTo(1);
    }

    @Test
    void nothingFoundIsAnEmptyList() throws Exception {
        assertThat(ok(get("/api/search?q=zzyzx")).path("items").isEmpty()).isTrue();
    }

    // ---- suggestions ----

    @Test
    void suggestionsCompleteTitlesAndNames() throws Exception {
        JsonNode midn = ok(get("/api/search/suggest?q=midn"));
        JsonNode mir = ok(get("/api/search/suggest?q=Mir"));

        assertThat(midn.path("items").valueStream().map(s -> s.path("text").asString() + "|"
                + s.path("type").asString() + "|" + s.path("id").asString()).toList())
                .contains("Midnight City|track|" + MIDNIGHT_CITY, "Midnight Drive|playlist|" + MIDNIGHT_DRIVE);
        JsonNode artist = mir.path("items").get(0);
        assertThat(artist.path("type").asString()).isEqualTo("artist");
        assertThat(artist.path("id").asString()).isEqualTo(MIRA.toString());
        assertThat(artist.path("title").asString()).isEqualTo("Mira Kwon");
    }

    @Test
    void suggestionsForgiveATypo() throws Exception {
        JsonNode items = ok(get("/api/search/suggest?q=midmight")).path("items");

        assertThat(items.valueStream().map(s -> s.path("id").asString()).toList()).contains(MIDNIGHT_CITY.toString());
    }

    @Test
    void suggestionsAreCappedByLimit() throws Exception {
        assertThat(ok(get("/api/search/suggest?q=mid&limit=1")).path("items").size()).isEqualTo(1);
    }

    // ---- errors ----

    @Test
    void anEmptyQueryIsA400Problem() throws Exception {
        problem(get("/api/search?q="), 400, ProblemTypes.of("invalid-query"));
        problem(get("/api/search?q=" + enc("   ")), 400, ProblemTypes.of("invalid-query"));
        problem(get("/api/search"), 400, ProblemTypes.of("invalid-query"));
        problem(get("/api/search/suggest?q="), 400, ProblemTypes.of("invalid-query"));
    }

    @Test
    void aLimitAbove50IsA400Problem() throws Exception {
        problem(get("/api/search?q=midnight&limit=51"), 400, ProblemTypes.of("invalid-limit"));
        problem(get("/api/search?q=midnight&limit=0"), 400, ProblemTypes.of("invalid-limit"));
        problem(get("/api/search/suggest?q=mid&limit=51"), 400, ProblemTypes.of("invalid-limit"));
    }

    @Test
    void anUnknownTypeIsA400Problem() throws Exception {
        problem(get("/api/search?q=midnight&type=songs"), 400, ProblemTypes.of("invalid-type"));
    }

    // ---- helpers ----

    void index(SearchIndex index, UUID id, Object document) throws Exception {
        elasticsearch.index(i -> i.index(index.alias()).id(id.toString()).document(document));
    }

    static List<String> ids(JsonNode results) {
        return results.path("items").valueStream().map(i -> i.path("id").asString()).toList();
    }

    static List<String> types(JsonNode results) {
        return results.path("items").valueStream().map(i -> i.path("type").asString()).toList();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    static JsonNode problem(HttpResponse<String> response, int status, URI type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("type").asString()).isEqualTo(type.toString());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        return body;
    }
}
