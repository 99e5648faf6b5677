package dev.lalala.search.query;

import dev.lalala.defaults.problem.ApiException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The Elasticsearch request bodies behind search and suggestions, and the limits on what a client may ask for. The
 * user's text only ever goes into the {@code query} value of {@code match}/{@code multi_match} queries (analysed
 * text, never query syntax: no operators, wildcards or field names), with bounded fuzzy expansions.
 */
public final class SearchQueries {

    public static final int MAX_QUERY_LENGTH = 100;
    public static final int MAX_WORDS = 12;
    public static final int MAX_LIMIT = 50;
    public static final int MAX_GENRE_LENGTH = 50;
    public static final int DEFAULT_SEARCH_LIMIT = 20;
    public static final int DEFAULT_SUGGEST_LIMIT = 8;

    /** Full-text fields of the three indices (a field an index lacks is skipped there). */
    static final List<String> TEXT_FIELDS = List.of("title^3", "name^3", "displayName^3", "handle^2",
            "artistName^1.5", "ownerName", "tags.text", "description^0.3");
    /** As-you-type fields: every word of a name matches by its prefix. */
    static final List<String> PREFIX_FIELDS = List.of("title.prefix^3", "name.prefix^3", "displayName.prefix^3",
            "handle.prefix^2", "artistName.prefix", "ownerName.prefix^0.5");
    /** Words written together or apart. */
    static final List<String> JOINED_FIELDS = List.of("title.joined^2", "name.joined^2", "displayName.joined^2",
            "handle.joined", "artistName.joined");
    static final List<String> HIGHLIGHTED = List.of("title", "name", "displayName");
    static final List<String> SOURCE = List.of("id", "title", "name", "displayName", "handle", "artistName",
            "artistHandle", "ownerName", "coverUrl", "avatarUrl", "genre", "durationMs", "plays", "likes", "followers",
            "trackCount", "visibility");

    private SearchQueries() {
    }

    /** The query text, trimmed; 400 {@code invalid-query} when empty, too long, too many words or with controls. */
    public static String query(String q) {
        String text = q == null ? "" : q.strip();
        if (text.isEmpty()) {
            throw ApiException.badRequest("invalid-query", "q must not be empty.");
        }
        if (text.length() > MAX_QUERY_LENGTH) {
            throw ApiException.badRequest("invalid-query", "q must be at most " + MAX_QUERY_LENGTH + " characters.");
        }
        if (text.codePoints().anyMatch(c -> Character.isISOControl(c) || Character.getType(c) == Character.FORMAT
                || Character.getType(c) == Character.SURROGATE || Character.getType(c) == Character.PRIVATE_USE)) {
            throw ApiException.badRequest("invalid-query", "q must not contain control characters.");
        }
        if (text.split("\\s+").length > MAX_WORDS) {
            throw ApiException.badRequest("invalid-query", "q must have at most " + MAX_WORDS + " words.");
        }
        return text;
    }

    /** The page size; 400 {@code invalid-limit} when out of 1..{@value #MAX_LIMIT}. */
    public static int limit(Integer limit, int defaultLimit) {
        if (limit == null) {
            return defaultLimit;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ApiException.badRequest("invalid-limit", "limit must be between 1 and " + MAX_LIMIT + ".");
        }
        return limit;
    }

    /** The genre filter, or empty; 400 {@code invalid-genre} when too long. */
    public static Optional<String> genre(String genre) {
        if (genre == null || genre.isBlank()) {
            return Optional.empty();
        }
        String g = genre.strip();
        if (g.length() > MAX_GENRE_LENGTH || g.codePoints().anyMatch(Character::isISOControl)) {
            throw ApiException.badRequest("invalid-genre", "genre must be at most " + MAX_GENRE_LENGTH
                    + " characters.");
        }
        return Optional.of(g);
    }

    /** What the caller may see: public, not deleted, owner not deleted; and all of their own. */
    static Map<String, Object> visible(Optional<UUID> viewer) {
        List<Object> mustNot = List.of(term("deleted", true), term("ownerDeleted", true));
        List<Object> anyOf = new ArrayList<>();
        anyOf.add(term("visibility", "PUBLIC"));
        viewer.ifPresent(v -> anyOf.add(term("ownerId", v.toString())));
        return Map.of("bool", Map.of("must_not", mustNot, "should", anyOf, "minimum_should_match", 1));
    }

    /** Text match: typo-tolerant words, as-you-type prefixes, joined words; exact title or name first. */
    static Map<String, Object> text(String text) {
        List<Object> should = List.of(
                Map.of("multi_match", Map.of("query", text, "fields", TEXT_FIELDS, "type", "best_fields",
                        "fuzziness", "AUTO", "prefix_length", 1, "max_expansions", 20, "tie_breaker", 0.2)),
                Map.of("multi_match", Map.of("query", text, "fields", PREFIX_FIELDS, "type", "best_fields",
                        "operator", "and", "boost", 0.8)),
                Map.of("multi_match", Map.of("query", text, "fields", JOINED_FIELDS, "type", "best_fields",
                        "boost", 0.6)));
        return Map.of("bool", Map.of("should", should, "minimum_should_match", 1));
    }

    /** Popularity (verified plays, likes, followers, on a log scale) and freshness multiply the text score. */
    static Map<String, Object> ranked(Map<String, Object> query, String exact) {
        String today = LocalDate.now(ZoneOffset.UTC).toString();
        List<Object> functions = List.of(
                Map.of("weight", 1),
                Map.of("filter", term("exact", exact), "weight", 20),
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

    /** The body of the search request. */
    public static Map<String, Object> search(String text, Optional<String> genre, Optional<UUID> viewer, int limit,
            Optional<Cursor> after) {
        List<Object> filters = new ArrayList<>();
        filters.add(visible(viewer));
        genre.ifPresent(g -> filters.add(term("genre", g)));
        Map<String, Object> query = Map.of("bool", Map.of("must", List.of(text(text)), "filter", filters));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", ranked(query, dev.lalala.search.indexing.Fold.exact(text)));
        body.put("size", limit + 1);
        body.put("track_total_hits", false);
        body.put("_source", Map.of("includes", SOURCE));
        body.put("sort", List.of(Map.of("_score", Map.of("order", "desc")), Map.of("id", Map.of("order", "asc"))));
        after.ifPresent(c -> body.put("search_after", List.of(c.score(), c.id())));
        body.put("highlight", Map.of("encoder", "html", "pre_tags", List.of("<em>"), "post_tags", List.of("</em>"),
                "number_of_fragments", 0, "require_field_match", false,
                "fields", HIGHLIGHTED.stream().collect(java.util.stream.Collectors.toMap(f -> f, f -> Map.of(),
                        (a, b) -> a, LinkedHashMap::new))));
        if (after.isEmpty()) {
            body.put("aggs", Map.of(
                    "types", Map.of("terms", Map.of("field", "_index", "size", 10)),
                    "genres", Map.of("terms", Map.of("field", "genre", "size", 20))));
        }
        return body;
    }

    /** The body of the suggestion request: names that the typed words start, best and most popular first. */
    public static Map<String, Object> suggest(String text, Optional<UUID> viewer, int limit) {
        List<Object> should = List.of(
                Map.of("multi_match", Map.of("query", text, "fields", PREFIX_FIELDS, "type", "best_fields",
                        "operator", "and", "boost", 2)),
                Map.of("multi_match", Map.of("query", text,
                        "fields", List.of("title", "name", "displayName", "handle", "artistName"),
                        "fuzziness", "AUTO", "prefix_length", 1, "max_expansions", 10, "operator", "and")));
        Map<String, Object> query = Map.of("bool", Map.of("should", should, "minimum_should_match", 1,
                "filter", List.of(visible(viewer))));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", ranked(query, dev.lalala.search.indexing.Fold.exact(text)));
        body.put("size", limit);
        body.put("track_total_hits", false);
        body.put("_source", Map.of("includes", List.of("title", "name", "displayName", "handle", "artistName",
                "ownerName", "coverUrl", "avatarUrl")));
        return body;
    }

    static Map<String, Object> term(String field, Object value) {
        return Map.of("term", Map.of(field, value));
    }

    /** Where the next page starts: the last hit's score and id. */
    public record Cursor(double score, String id) {

        public String encode() {
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (Double.toString(score) + "|" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        /** Empty when absent; 400 {@code invalid-cursor} when not one this service gave out. */
        public static Optional<Cursor> parse(String cursor) {
            if (cursor == null || cursor.isBlank()) {
                return Optional.empty();
            }
            try {
                if (cursor.length() > 200) {
                    throw new IllegalArgumentException();
                }
                String decoded = new String(java.util.Base64.getUrlDecoder().decode(cursor),
                        java.nio.charset.StandardCharsets.UTF_8);
                int bar = decoded.indexOf('|');
                double score = Double.parseDouble(decoded.substring(0, bar));
                String id = UUID.fromString(decoded.substring(bar + 1)).toString();
                if (!Double.isFinite(score)) {
                    throw new IllegalArgumentException();
                }
                return Optional.of(new Cursor(score, id));
            } catch (RuntimeException e) {
                throw ApiException.badRequest("invalid-cursor", "cursor is not one this service gave out.");
            }
        }
    }
}
