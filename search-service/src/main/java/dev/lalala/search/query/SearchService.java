package dev.lalala.search.query;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.aggregations.Aggregate;
import co.elastic.clients.elasticsearch._types.aggregations.StringTermsBucket;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.CompletionSuggestOption;
import co.elastic.clients.elasticsearch.core.search.Hit;
import co.elastic.clients.elasticsearch.core.search.Suggestion;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.search.index.SearchIndex;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jakarta.annotation.PreDestroy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import tools.jackson.databind.json.JsonMapper;

/** Runs the requests of {@link SearchQueries} and turns what Elasticsearch answers into results. */
@Service
public class SearchService {

    private static final Logger log = LoggerFactory.getLogger(SearchService.class);

    private final ElasticsearchClient client;
    private final JsonMapper json;
    private final ExecutorService facetRequests = Executors.newVirtualThreadPerTaskExecutor();

    public SearchService(ElasticsearchClient client, JsonMapper json) {
        this.client = client;
        this.json = json;
    }

    public SearchResults search(String text, SearchScope scope, Optional<String> genre, Optional<UUID> viewer,
            int limit, Optional<SearchQueries.Cursor> after) {
        SearchQueries.Match match = after.map(SearchQueries.Cursor::match).orElse(SearchQueries.Match.WORDS);
        // The first page's facets are a request of their own (see SearchQueries.facets), sent alongside.
        CompletableFuture<SearchResponse<Map>> facetCounts = after.isPresent() ? null : facets(text, match, scope,
                genre, viewer);
        SearchResponse<Map> response = execute(scope.aliases(),
                SearchQueries.search(text, match, genre, viewer, limit, after));
        // A first page the words as typed do not fill: with typos and words written apart; when that finds nothing
        // either, any of several words (see SearchQueries.Match). The pages after it keep to what it used.
        if (after.isEmpty() && response.hits().hits().size() < limit) {
            match = SearchQueries.Match.TYPOS;
            facetCounts = facets(text, match, scope, genre, viewer);
            response = execute(scope.aliases(), SearchQueries.search(text, match, genre, viewer, limit, after));
            if (response.hits().hits().isEmpty() && SearchQueries.severalWords(text)) {
                match = SearchQueries.Match.ANY_WORD;
                facetCounts = facets(text, match, scope, genre, viewer);
                response = execute(scope.aliases(), SearchQueries.search(text, match, genre, viewer, limit, after));
            }
        }
        List<SearchResults.Item> items = new ArrayList<>();
        String next = null;
        List<Hit<Map>> hits = response.hits().hits();
        for (int i = 0; i < hits.size(); i++) {
            Hit<Map> hit = hits.get(i);
            if (i == limit) {
                Hit<Map> last = hits.get(limit - 1);
                next = new SearchQueries.Cursor(last.sort().get(0).doubleValue(), last.sort().get(1).stringValue(),
                        match).encode();
                break;
            }
            SearchIndex.ofIndexName(hit.index()).ifPresent(index -> items.add(item(index, hit)));
        }
        Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
        if (facetCounts != null) {
            Map<String, Aggregate> aggregations = join(facetCounts).aggregations();
            Map<String, Long> types = new LinkedHashMap<>();
            for (StringTermsBucket b : buckets(aggregations.get("types"))) {
                SearchIndex.ofIndexName(b.key().stringValue())
                        .ifPresent(index -> types.merge(index.resultType(), b.docCount(), Long::sum));
            }
            Map<String, Long> genres = new LinkedHashMap<>();
            for (StringTermsBucket b : buckets(aggregations.get("genres"))) {
                genres.put(b.key().stringValue(), b.docCount());
            }
            facets.put("type", types);
            facets.put("genre", genres);
        }
        return new SearchResults(text, scope.name().toLowerCase(java.util.Locale.ROOT), items, facets, next);
    }

    private CompletableFuture<SearchResponse<Map>> facets(String text, SearchQueries.Match match, SearchScope scope,
            Optional<String> genre, Optional<UUID> viewer) {
        return CompletableFuture.supplyAsync(
                () -> execute(scope.aliases(), SearchQueries.facets(text, match, genre, viewer)), facetRequests);
    }

    public Suggestions suggest(String text, Optional<UUID> viewer, int limit) {
        Optional<Map<String, Object>> body = SearchQueries.suggest(text, viewer, limit);
        if (body.isEmpty()) {
            return new Suggestions(text, List.of());
        }
        SearchResponse<Map> response = execute(SearchScope.ALL.aliases(), body.get());
        // Exact names first, then completions of the typed words, then those with a typo; each document once.
        Map<String, Suggestions.Item> items = new LinkedHashMap<>();
        for (Hit<Map> hit : response.hits().hits()) {
            add(items, hit.index(), hit.id(), hit.source());
        }
        for (String name : List.of(SearchQueries.SUGGEST_NAMES, SearchQueries.SUGGEST_TYPOS)) {
            for (Suggestion<Map> suggestion : response.suggest().getOrDefault(name, List.of())) {
                if (suggestion.isCompletion()) {
                    for (CompletionSuggestOption<Map> option : suggestion.completion().options()) {
                        add(items, option.index(), option.id(), option.source());
                    }
                }
            }
        }
        return new Suggestions(text, items.values().stream().limit(limit).toList());
    }

    private static void add(Map<String, Suggestions.Item> items, String indexName, String id, Map<?, ?> source) {
        if (id == null || items.containsKey(id)) {
            return;
        }
        Map<?, ?> s = source == null ? Map.of() : source;
        SearchIndex.ofIndexName(indexName).ifPresent(index -> items.put(id, switch (index) {
            case TRACKS -> new Suggestions.Item("track", id, str(s, "title"), str(s, "artistName"),
                    str(s, "coverUrl"));
            case ARTISTS -> new Suggestions.Item("artist", id, name(s), handle(s), str(s, "avatarUrl"));
            case PLAYLISTS -> new Suggestions.Item("playlist", id, str(s, "name"), str(s, "ownerName"),
                    str(s, "coverUrl"));
        }));
    }

    private static SearchResults.Item item(SearchIndex index, Hit<Map> hit) {
        Map<?, ?> s = hit.source() == null ? Map.of() : hit.source();
        Map<String, List<String>> hl = hit.highlight() == null ? Map.of() : hit.highlight();
        return switch (index) {
            case TRACKS -> new SearchResults.Item("track", hit.id(), str(s, "title"), str(s, "artistName"),
                    highlight(hl, "title"), str(s, "coverUrl"), str(s, "genre"), num(s, "durationMs"),
                    num(s, "plays"), num(s, "likes"), null, null, str(s, "visibility"), hit.score());
            case ARTISTS -> new SearchResults.Item("artist", hit.id(), name(s), handle(s), highlight(hl, "displayName"),
                    str(s, "avatarUrl"), null, null, null, null, num(s, "followers"), null, null, hit.score());
            case PLAYLISTS -> new SearchResults.Item("playlist", hit.id(), str(s, "name"), str(s, "ownerName"),
                    highlight(hl, "name"), str(s, "coverUrl"), null, null, null, null, null, num(s, "trackCount"),
                    str(s, "visibility"), hit.score());
        };
    }

    private static String name(Map<?, ?> s) {
        String display = str(s, "displayName");
        return display != null ? display : str(s, "handle");
    }

    private static String handle(Map<?, ?> s) {
        String handle = str(s, "handle");
        return handle == null ? null : "@" + handle;
    }

    private static String highlight(Map<String, List<String>> hl, String field) {
        List<String> fragments = hl.get(field);
        return fragments == null || fragments.isEmpty() ? null : fragments.get(0);
    }

    private static String str(Map<?, ?> s, String field) {
        return s.get(field) instanceof String v ? v : null;
    }

    private static Long num(Map<?, ?> s, String field) {
        return s.get(field) instanceof Number n ? n.longValue() : null;
    }

    private static List<StringTermsBucket> buckets(Aggregate aggregate) {
        if (aggregate == null || !aggregate.isSterms()) {
            return List.of();
        }
        return aggregate.sterms().buckets().array();
    }

    private static SearchResponse<Map> join(CompletableFuture<SearchResponse<Map>> request) {
        try {
            return request.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    @PreDestroy
    void close() {
        facetRequests.close();
    }

    private SearchResponse<Map> execute(List<String> indices, Map<String, Object> body) {
        try {
            String request = json.writeValueAsString(body);
            return client.search(s -> s.index(indices).withJson(new StringReader(request)), Map.class);
        } catch (IOException e) {
            log.warn("Elasticsearch did not answer: {}", e.toString());
            throw new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.SERVICE_UNAVAILABLE,
                    "Service unavailable", "Search is not available right now. Try again shortly.");
        }
    }
}
