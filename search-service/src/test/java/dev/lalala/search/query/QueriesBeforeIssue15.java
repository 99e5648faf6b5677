package dev.lalala.search.query;

import dev.lalala.search.indexing.Fold;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The request bodies of {@link SearchQueries} as they were before issue 15 (a {@code function_score} over every
 * match, the fuzzy clause for every word, facets and highlights of the whole query in the page's request): what
 * SearchLatencyIT compares today's with, on the same index, in the same run.
 */
public final class QueriesBeforeIssue15 {

    private QueriesBeforeIssue15() {
    }

    static Map<String, Object> ranked(Map<String, Object> query, String exact) {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        List<Object> functions = List.of(
                Map.of("weight", 1),
                Map.of("filter", SearchQueries.term("exact", exact), "weight", 20),
                Map.of("field_value_factor", Map.of("field", "plays", "modifier", "log1p", "missing", 0),
                        "weight", 0.3),
                Map.of("field_value_factor", Map.of("field", "likes", "modifier", "log1p", "missing", 0),
                        "weight", 0.3),
                Map.of("field_value_factor", Map.of("field", "followers", "modifier", "log1p", "missing", 0),
                        "weight", 0.3),
                Map.of("gauss", Map.of("publishedAt", Map.of("origin", today, "scale", "60d", "decay", 0.5)),
                        "weight", 0.3));
        return Map.of("function_score", Map.of("query", query, "functions", functions, "score_mode", "sum",
                "boost_mode", "multiply"));
    }

    /** The first page of a search, facets included. */
    public static Map<String, Object> search(String text, Optional<UUID> viewer, int limit) {
        Map<String, Object> query = Map.of("bool", Map.of("must", List.of(text(text)),
                "filter", List.of(SearchQueries.visible(viewer))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", ranked(query, Fold.exact(text)));
        body.put("size", limit + 1);
        body.put("track_total_hits", false);
        body.put("_source", Map.of("includes", SearchQueries.SOURCE));
        body.put("sort", List.of(Map.of("_score", Map.of("order", "desc")), Map.of("id", Map.of("order", "asc"))));
        body.put("highlight", Map.of("encoder", "html", "pre_tags", List.of("<em>"), "post_tags", List.of("</em>"),
                "number_of_fragments", 0, "require_field_match", false,
                "fields", SearchQueries.HIGHLIGHTED.stream().collect(java.util.stream.Collectors.toMap(f -> f,
                        f -> Map.of(), (a, b) -> a, LinkedHashMap::new))));
        body.put("aggs", Map.of(
                "types", Map.of("terms", Map.of("field", "_index", "size", 10)),
                "genres", Map.of("terms", Map.of("field", "genre", "size", 20))));
        return body;
    }

    /** The text match of then: typos over all eight text fields, any of the words. */
    static Map<String, Object> text(String text) {
        List<Object> should = List.of(
                Map.of("multi_match", Map.of("query", text, "fields", SearchQueries.TEXT_FIELDS, "type", "best_fields",
                        "fuzziness", "AUTO", "prefix_length", 1, "max_expansions", 20, "tie_breaker", 0.2)),
                Map.of("multi_match", Map.of("query", text, "fields", SearchQueries.PREFIX_FIELDS,
                        "type", "best_fields", "operator", "and", "boost", 0.8)),
                Map.of("multi_match", Map.of("query", text, "fields", SearchQueries.JOINED_FIELDS,
                        "type", "best_fields", "boost", 0.6)));
        return Map.of("bool", Map.of("should", should, "minimum_should_match", 1));
    }

    public static Map<String, Object> suggest(String text, Optional<UUID> viewer, int limit) {
        List<Object> should = List.of(
                Map.of("multi_match", Map.of("query", text, "fields", SearchQueries.PREFIX_FIELDS,
                        "type", "best_fields", "operator", "and", "boost", 2)),
                Map.of("multi_match", Map.of("query", text,
                        "fields", List.of("title", "name", "displayName", "handle", "artistName"),
                        "fuzziness", "AUTO", "prefix_length", 1, "max_expansions", 10, "operator", "and")));
        Map<String, Object> query = Map.of("bool", Map.of("should", should, "minimum_should_match", 1,
                "filter", List.of(SearchQueries.visible(viewer))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", ranked(query, Fold.exact(text)));
        body.put("size", limit);
        body.put("track_total_hits", false);
        body.put("_source", Map.of("includes", List.of("title", "name", "displayName", "handle", "artistName",
                "ownerName", "coverUrl", "avatarUrl")));
        return body;
    }
}
