package dev.lalala.search;

import static dev.lalala.search.catalogue.GeneratedTitles.EN;
import static dev.lalala.search.catalogue.GeneratedTitles.KO;
import static dev.lalala.search.catalogue.GeneratedTitles.cap;
import static dev.lalala.search.catalogue.GeneratedTitles.pick;
import static dev.lalala.search.catalogue.GeneratedTitles.title;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.events.EventEnvelope;
import dev.lalala.events.Visibility;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.events.user.UserEvents;
import dev.lalala.events.user.UserRegistered;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.search.catalogue.GeneratedTitles;
import dev.lalala.search.index.SearchIndex;
import dev.lalala.search.indexing.SearchWriter;
import dev.lalala.search.indexing.Targets;
import dev.lalala.search.query.QueriesBeforeIssue15;
import dev.lalala.search.query.SearchQueries;
import dev.lalala.search.query.SearchScope;
import dev.lalala.search.query.SearchService;
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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * How long search and suggestions take on a catalogue of bench/search's size and shape, against the real
 * Elasticsearch of the integration tests: opt-in, a measurement and never a timed assertion.
 * <pre>
 * ./mvnw verify -pl search-service -Djib.skip -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dit.test=SearchLatencyIT -Dsearch.latency=true
 * </pre>
 * Knobs: {@code -Dsearch.latency.artists=} (10,000), {@code .tracks=} (100,000), {@code .requests=} (1,000 per
 * scenario), {@code -Dsearch.latency.profile=true} to print where Elasticsearch spends its time on a few queries.
 * The documents are built by {@link SearchWriter} from the same events as bench/search/SearchBench.java (same word
 * lists, titles, seed, query mix), written without Kafka in between, so indexing takes a minute rather than the
 * fleet's. Requests go to this service's HTTP endpoint (no gateway); {@code took} is Elasticsearch's own time for the
 * same request body.
 */
@LocalInfra({Component.ELASTICSEARCH, Component.KAFKA})
// Writing 110,000 documents on a busy machine can take Elasticsearch longer than the service's 10 s.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.elasticsearch.socket-timeout=120s")
@EnabledIfSystemProperty(named = "search.latency", matches = "true")
class SearchLatencyIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final TestTokens JWKS = new TestTokens();

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        registry.add("lalala.security.jwk-set-uri", JWKS::jwkSetUri);
    }

    @LocalServerPort
    int port;
    @Value("${spring.elasticsearch.uris}")
    String elasticsearchUris;
    @Autowired
    SearchWriter writer;
    @Autowired
    SearchService service;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void searchAndSuggestLatencyOnABenchSizedCatalogue() throws Exception {
        int artists = Integer.getInteger("search.latency.artists", 10_000);
        int tracks = Integer.getInteger("search.latency.tracks", 100_000);
        int requests = Integer.getInteger("search.latency.requests", 1_000);
        long started = System.nanoTime();
        index(artists, tracks);
        System.out.printf("search latency: %,d artists and %,d songs indexed in %.0f s; %d cores%n", artists, tracks,
                (System.nanoTime() - started) / 1e9, Runtime.getRuntime().availableProcessors());

        // SearchBench's query mix, same seed.
        GeneratedTitles.QueryMix mix = GeneratedTitles.queryMix(7);
        List<String> queries = mix.queries();
        List<String> prefixes = mix.prefixes();
        IntFunction<String> search = n -> "/api/search?q=" + enc(queries.get(n % queries.size()));
        IntFunction<String> suggest = n -> "/api/search/suggest?q=" + enc(prefixes.get(n % prefixes.size()));

        measure("warm-up", requests / 2, 4, search);
        measure("warm-up", requests / 2, 4, suggest);
        System.out.printf("%-22s %7s %7s %7s %7s %7s%n", "scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors");
        for (int concurrency : new int[] {1, 4}) {
            System.out.println(measure("search, " + concurrency + " concurrent", requests, concurrency, search));
            System.out.println(measure("suggest, " + concurrency + " concurrent", requests, concurrency, suggest));
        }
        // Where the time goes, one request at a time: the service's own method (no HTTP in front), and the same
        // request bodies straight to Elasticsearch: its own took, and as the caller waits for it.
        System.out.println(timed("search, service method", requests / 2, n -> service.search(queries.get(n % 500),
                SearchScope.ALL, Optional.empty(), Optional.empty(), SearchQueries.DEFAULT_SEARCH_LIMIT,
                Optional.empty())));
        System.out.println(timed("suggest, service method", requests / 2, n -> service.suggest(
                prefixes.get(n % 500), Optional.empty(), SearchQueries.DEFAULT_SUGGEST_LIMIT)));
        // Today's request bodies and those before issue 15, alternately on the same index (so under the same load):
        // a search is its page and, sent alongside, its facets; before, one request had both.
        for (int concurrency : new int[] {1, 4}) {
            System.out.print(compare("search", requests, concurrency,
                    n -> List.of(QueriesBeforeIssue15.search(queries.get(n % 500), Optional.empty(),
                            SearchQueries.DEFAULT_SEARCH_LIMIT)),
                    n -> List.of(SearchQueries.search(queries.get(n % 500), Optional.empty(), Optional.empty(),
                                    SearchQueries.DEFAULT_SEARCH_LIMIT, Optional.empty()),
                            SearchQueries.facets(queries.get(n % 500), Optional.empty(), Optional.empty()))));
            System.out.print(compare("suggest", requests, concurrency,
                    n -> List.of(QueriesBeforeIssue15.suggest(prefixes.get(n % 500), Optional.empty(),
                            SearchQueries.DEFAULT_SUGGEST_LIMIT)),
                    n -> List.of(SearchQueries.suggest(prefixes.get(n % 500), Optional.empty(),
                            SearchQueries.DEFAULT_SUGGEST_LIMIT).orElseThrow())));
        }
        if (Boolean.getBoolean("search.latency.profile")) {
            for (String prefix : List.of("s", "서", "mid", "midni", "별빛")) {
                profile("suggest " + prefix, SearchQueries.suggest(prefix, Optional.empty(),
                        SearchQueries.DEFAULT_SUGGEST_LIMIT).orElseThrow());
            }
            for (String text : List.of("rain", "midnight rain", "서울의", "서울 summer", "mdinight")) {
                profile("search " + text, SearchQueries.search(text, Optional.empty(), Optional.empty(),
                        SearchQueries.DEFAULT_SEARCH_LIMIT, Optional.empty()));
            }
        }
    }

    /** SearchBench's catalogue, through the service's own writer (no Kafka), then refreshed. */
    void index(int artists, int tracks) throws Exception {
        Random random = new Random(42);
        String run = Long.toString(System.currentTimeMillis(), 36);
        List<UUID> artistIds = new ArrayList<>();
        List<EventEnvelope<?>> events = new ArrayList<>();
        for (int i = 0; i < artists; i++) {
            UUID id = UUID.randomUUID();
            artistIds.add(id);
            String name = i % 2 == 0 ? cap(pick(random, EN)) + " " + cap(pick(random, EN)) + " " + i
                    : pick(random, KO) + pick(random, KO) + " " + i;
            events.add(EventEnvelope.of(UserEvents.USER_REGISTERED, new UserRegistered(id,
                    "bench-" + run + "-" + i + "@example.com", name, "bench" + run + i, Instant.now())));
        }
        for (int i = 0; i < tracks; i++) {
            UUID owner = artistIds.get(random.nextInt(artistIds.size()));
            events.add(EventEnvelope.of(TrackEvents.TRACK_PUBLISHED, new TrackPublished(UUID.randomUUID(), owner,
                    title(random), i % 3 == 0 ? "ballad" : i % 3 == 1 ? "pop" : "electronic", List.of(), null,
                    i % 10 == 0 ? Visibility.PRIVATE : Visibility.PUBLIC, 180_000 + random.nextInt(120_000), 45,
                    176_400, 44_100, 0.0, null, Instant.now().minusSeconds(random.nextInt(90 * 86_400)))));
        }
        for (int from = 0; from < events.size(); from += 2_000) {
            writer.apply(Targets.LIVE, events.subList(from, Math.min(events.size(), from + 2_000)));
        }
        for (SearchIndex index : SearchIndex.values()) {
            HttpResponse<String> refreshed = elasticsearch("POST", "/" + index.alias() + "/_refresh", null);
            assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        }
    }

    String measure(String name, int requests, int concurrency, IntFunction<String> path) throws Exception {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            for (int t = 0; t < concurrency; t++) {
                pool.submit(() -> {
                    int n;
                    while ((n = next.getAndIncrement()) < requests) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(
                                    URI.create("http://127.0.0.1:" + port + path.apply(n)))
                                    .timeout(Duration.ofSeconds(10)).GET().build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) {
                                errors.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        latencies[n] = System.nanoTime() - t0;
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return "%-22s %7.0f %s %7d".formatted(name, requests / seconds, percentiles(latencies, 1e6), errors.get());
    }

    String timed(String name, int requests, IntFunction<?> call) {
        long[] latencies = new long[requests];
        for (int n = 0; n < requests; n++) {
            long t0 = System.nanoTime();
            call.apply(n);
            latencies[n] = System.nanoTime() - t0;
        }
        return "%-22s %7s %s".formatted(name, "", percentiles(latencies, 1e6));
    }

    /**
     * Elasticsearch's own {@code took} (the longest of a request's parts) and the caller's wait for it, of the
     * request bodies before and now, alternately; and the median score of the first and last hit now.
     */
    String compare(String name, int requests, int concurrency, IntFunction<List<Map<String, Object>>> before,
            IntFunction<List<Map<String, Object>>> now) throws Exception {
        long[][] took = new long[2][requests];
        long[][] waited = new long[2][requests];
        long[] first = new long[requests];
        long[] last = new long[requests];
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            for (int t = 0; t < concurrency; t++) {
                pool.submit(() -> {
                    int n;
                    while ((n = next.getAndIncrement()) < 2 * requests) {
                        int which = n % 2;
                        int i = n / 2;
                        List<String> bodies = new ArrayList<>();
                        for (Map<String, Object> body : (which == 0 ? before : now).apply(i)) {
                            bodies.add(JSON.writeValueAsString(body));
                        }
                        long t0 = System.nanoTime();
                        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> sent = new ArrayList<>();
                        for (String body : bodies) {
                            sent.add(http.sendAsync(elasticsearchRequest("POST", "/" + aliases() + "/_search", body),
                                    HttpResponse.BodyHandlers.ofString()));
                        }
                        for (var response : sent) {
                            HttpResponse<String> r = response.join();
                            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                            JsonNode json = JSON.readTree(r.body());
                            took[which][i] = Math.max(took[which][i], json.path("took").asLong());
                            JsonNode hits = json.path("hits").path("hits");
                            if (which == 1 && !hits.isEmpty()) {
                                first[i] = Math.round(hits.path(0).path("_score").asDouble() * 100);
                                last[i] = Math.round(hits.path(hits.size() - 1).path("_score").asDouble() * 100);
                            }
                        }
                        waited[which][i] = System.nanoTime() - t0;
                    }
                    return null;
                });
            }
        }
        Arrays.sort(first);
        Arrays.sort(last);
        String label = name + ", " + concurrency + " concurrent";
        return ("%-22s before %s took, %s waited%n%-22s now    %s took, %s waited (median score of the first hit "
                + "%.2f, of the last %.2f)%n").formatted(label, percentiles(took[0], 1), percentiles(waited[0], 1e6),
                label, percentiles(took[1], 1), percentiles(waited[1], 1e6), first[requests / 2] / 100.0,
                last[requests / 2] / 100.0);
    }

    /** Per index: the time of the query (with its rewrite) and of collecting, and the query's own breakdown. */
    void profile(String name, Map<String, Object> body) throws Exception {
        Map<String, Object> profiled = new java.util.LinkedHashMap<>(body);
        profiled.put("profile", true);
        JsonNode response = JSON.readTree(elasticsearch("POST", "/" + aliases() + "/_search",
                JSON.writeValueAsString(profiled)).body());
        StringBuilder out = new StringBuilder("profile %-18s took %3d ms:".formatted(name,
                response.path("took").asLong()));
        for (JsonNode shard : response.path("profile").path("shards")) {
            String index = shard.path("index").asString().replaceAll("_v\\d+.*", "");
            for (JsonNode search : shard.path("searches")) {
                long query = 0;
                for (JsonNode q : search.path("query")) {
                    query += q.path("time_in_nanos").asLong();
                }
                long collect = 0;
                for (JsonNode c : search.path("collector")) {
                    collect += c.path("time_in_nanos").asLong();
                }
                out.append(" %s query %.1f ms (rewrite %.1f) collect %.1f ms;".formatted(index, query / 1e6,
                        search.path("rewrite_time").asLong() / 1e6, collect / 1e6));
            }
            long fetch = shard.path("fetch").path("time_in_nanos").asLong();
            if (fetch > 0) {
                out.append(" fetch %.1f ms;".formatted(fetch / 1e6));
            }
        }
        System.out.println(out);
    }

    static String percentiles(long[] values, double unit) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return "%7.1f %7.1f %7.1f".formatted(sorted[n / 2] / unit, sorted[(int) (n * 0.95)] / unit,
                sorted[(int) Math.min(n - 1, Math.ceil(n * 0.99) - 1)] / unit);
    }

    static String aliases() {
        return String.join(",", Arrays.stream(SearchIndex.values()).map(SearchIndex::alias).toList());
    }

    HttpResponse<String> elasticsearch(String method, String path, String body) throws Exception {
        return http.send(elasticsearchRequest(method, path, body), HttpResponse.BodyHandlers.ofString());
    }

    HttpRequest elasticsearchRequest(String method, String path, String body) {
        String base = elasticsearchUris.split(",")[0].replaceAll("/$", "");
        return HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
