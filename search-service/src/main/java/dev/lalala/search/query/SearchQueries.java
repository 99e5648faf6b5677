package dev.lalala.search.query;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.search.indexing.Fold;
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
    // The weights of what is added to the text score, chosen against its size: around 50 for the first hits on a
    // catalogue like bench/search's (SearchLatencyIT prints it), so they weigh about what the multiplying
    // function_score gave them before (x 21 for an exact match; + 0.3 x text per unit of popularity or freshness).
    /** Added for an exact title, name or handle (the folded whole text): more than any text score gets. */
    static final double EXACT_BOOST = 1000;
    /** Times {@code rank.popularity}, ln(2 + plays + likes + followers) (see IndexDefinitions.rank). */
    static final double POPULARITY_BOOST = 15;
    /** Times pivot / (pivot + age): the whole of it today, half at 60 days; songs only (nothing else is published). */
    static final double FRESHNESS_BOOST = 15;
    /** The weight of the typo-tolerant clause over {@code names}, beside the exact words of the text fields. */
    static final double TYPO_BOOST = 0.5;
    /** The shortest word AUTO fuzziness allows a typo in. */
    static final int MIN_FUZZY_LENGTH = 3;

    /** Full-text fields of the three indices (a field an index lacks is skipped there). */
    static final List<String> TEXT_FIELDS = List.of("title^3", "name^3", "displayName^3", "handle^2",
            "artistName^1.5", "ownerName", "tags.text", "description^0.3");
    /** The name of the document itself in each index: a song's title, an artist's name and handle, a playlist's. */
    static final List<String> OWN_NAME_FIELDS = List.of("title^3", "name^3", "displayName^3", "handle^2");
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

    /**
     * How widely a search matches, tried in this order for a first page (SearchService.search): {@link #WORDS}; when
     * that does not fill the page, {@link #TYPOS}; when that finds nothing and there are several words,
     * {@link #ANY_WORD}. Most searches are spelled right and have more matches than a page, so the typo and
     * joined-word expansions, which cost most (they score again every document that has the word), run only where
     * they can change what is found. All words rather than any is what a searcher means by two words, and it is
     * cheaper: Elasticsearch leapfrogs through the rarer word's postings instead of scoring everything that has
     * either word.
     */
    public enum Match {
        /** All words, as typed or as prefixes, in any text field; neighbours written together. */
        WORDS,
        /** The same, with typos (one or two edits, a transposition counting as one) and a word written apart. */
        TYPOS,
        /** Any of the words, typos too (what every search was before index version 4). */
        ANY_WORD
    }

    /**
     * Text match: the words in the text fields (weighted by field), as-you-type prefixes, joined words and, from
     * {@link Match#TYPOS} on, typos in names and tags (the one {@code names} field: a fuzzy query is rewritten
     * against each field's terms, so one field costs an eighth of eight); exact title or name first (see
     * {@link #ranked}).
     */
    static Map<String, Object> text(String text, Match match) {
        boolean any = match == Match.ANY_WORD;
        String operator = any ? "or" : "and";
        List<Object> should = new ArrayList<>();
        // cross_fields: all words, each in whichever field has it (a title word and the artist's name).
        should.add(Map.of("multi_match", Map.of("query", text, "fields", TEXT_FIELDS,
                "type", any ? "best_fields" : "cross_fields", "operator", operator, "tie_breaker", 0.2)));
        if (match != Match.WORDS) {
            should.add(Map.of("match", Map.of("names", Map.of("query", text, "fuzziness", "AUTO",
                    "prefix_length", 1, "max_expansions", 20, "operator", operator, "boost", TYPO_BOOST))));
            // And the same typos in the document's own name (one field in each index), so that a title with the
            // words comes before a song whose artist has one of them.
            should.add(Map.of("multi_match", Map.of("query", text, "fields", OWN_NAME_FIELDS, "type", "best_fields",
                    "fuzziness", "AUTO", "prefix_length", 1, "max_expansions", 20, "operator", operator)));
        }
        should.add(Map.of("multi_match", Map.of("query", text, "fields", PREFIX_FIELDS, "type", "best_fields",
                "operator", "and", "boost", 0.8)));
        joined(text, match).ifPresent(should::add);
        return Map.of("bool", Map.of("should", should, "minimum_should_match", 1));
    }

    /**
     * Words written together or apart ("sugar cane" / "sugarcane"): the {@code *.joined} fields hold each word and
     * each pair of neighbours as one. {@link Match#WORDS}: the typed pairs (rare terms, so cheap), none for one
     * word; {@link Match#TYPOS}: the one word or the pairs; {@link Match#ANY_WORD}: the query analysed as the fields
     * are (its words and its pairs).
     */
    static Optional<Map<String, Object>> joined(String text, Match match) {
        if (match == Match.ANY_WORD) {
            return Optional.of(Map.of("multi_match", Map.of("query", text, "fields", JOINED_FIELDS,
                    "type", "best_fields", "boost", 0.6)));
        }
        String[] typed = text.strip().split("\\s+");
        if (typed.length == 1 && match == Match.WORDS) {
            return Optional.empty();
        }
        List<String> pairs = new ArrayList<>();
        for (int i = 0; i + 1 < typed.length; i++) {
            pairs.add(typed[i] + typed[i + 1]);
        }
        String query = typed.length == 1 ? typed[0] : String.join(" ", pairs);
        return Optional.of(Map.of("multi_match", Map.of("query", query, "fields", JOINED_FIELDS,
                "type", "best_fields", "analyzer", "words", "boost", 0.6)));
    }

    /** Whether a query with all words that found nothing is worth asking again with any of them. */
    public static boolean severalWords(String text) {
        return text.strip().split("\\s+").length > 1;
    }

    /**
     * The text query, filtered, plus what ranks among its matches: an exact title or name, popularity (verified
     * plays, likes and followers, on a log scale) and freshness (half at 60 days). Added to the text score, not
     * multiplied: each of these knows its highest possible score, so Elasticsearch skips the documents that cannot
     * make the top hits (block-max WAND) instead of scoring every match, which a {@code function_score} over all
     * matches of a one-letter prefix cannot.
     */
    static Map<String, Object> ranked(Map<String, Object> text, List<Object> filters, String exact) {
        List<Object> rank = new ArrayList<>();
        rank.add(Map.of("constant_score", Map.of("filter", term("exact", exact), "boost", EXACT_BOOST)));
        rank.addAll(rank());
        return Map.of("bool", Map.of("must", List.of(text), "filter", filters, "should", rank));
    }

    /** Popularity and freshness, each added with its weight (see {@link #ranked}). */
    static List<Object> rank() {
        return List.of(
                Map.of("term", Map.of("rank", Map.of("value", "popularity", "boost", POPULARITY_BOOST))),
                // Today rather than now: a score that changed by the millisecond would move a page's last hit past the
                // cursor made from it.
                Map.of("distance_feature", Map.of("field", "publishedAt",
                        "origin", LocalDate.now(ZoneOffset.UTC).toString(), "pivot", "60d",
                        "boost", FRESHNESS_BOOST)));
    }

    /** The body of the search request: one page of hits (the facets are {@link #facets}). */
    public static Map<String, Object> search(String text, Optional<String> genre, Optional<UUID> viewer, int limit,
            Optional<Cursor> after) {
        return search(text, after.map(Cursor::match).orElse(Match.WORDS), genre, viewer, limit, after);
    }

    public static Map<String, Object> search(String text, Match match, Optional<String> genre, Optional<UUID> viewer,
            int limit, Optional<Cursor> after) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", ranked(text(text, match), filters(genre, viewer), Fold.exact(text)));
        body.put("size", limit + 1);
        body.put("track_total_hits", false);
        body.put("_source", Map.of("includes", SOURCE));
        body.put("sort", List.of(Map.of("_score", Map.of("order", "desc")), Map.of("id", Map.of("order", "asc"))));
        after.ifPresent(c -> body.put("search_after", List.of(c.score(), c.id())));
        // Highlights come from the words themselves (typo-tolerant) on the shown fields: the whole query over eight
        // fields, prefixes and joined words would be rewritten and run again for every hit, to mark the same words.
        body.put("highlight", Map.of("encoder", "html", "pre_tags", List.of("<em>"), "post_tags", List.of("</em>"),
                "number_of_fragments", 0, "require_field_match", false,
                "highlight_query", highlighted(text, match),
                "fields", HIGHLIGHTED.stream().collect(java.util.stream.Collectors.toMap(f -> f, f -> Map.of(),
                        (a, b) -> a, LinkedHashMap::new))));
        return body;
    }

    /** The words to mark: as typed on the first pass (nothing there matched by a typo), typo-tolerant after it. */
    static Map<String, Object> highlighted(String text, Match match) {
        if (match == Match.WORDS) {
            return Map.of("multi_match", Map.of("query", text, "fields", HIGHLIGHTED));
        }
        return Map.of("multi_match", Map.of("query", text, "fields", HIGHLIGHTED, "fuzziness", "AUTO",
                "prefix_length", 1, "max_expansions", 20));
    }

    /**
     * The body of the facet counts of a search's first page, over everything that matched: a request of its own,
     * unscored, so that the page itself can skip what is not competitive, and cached by Elasticsearch (until the
     * next refresh that changed the index) for the next user typing the same words.
     */
    public static Map<String, Object> facets(String text, Optional<String> genre, Optional<UUID> viewer) {
        return facets(text, Match.WORDS, genre, viewer);
    }

    public static Map<String, Object> facets(String text, Match match, Optional<String> genre,
            Optional<UUID> viewer) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", Map.of("bool", Map.of("filter", concat(filters(genre, viewer), text(text, match)))));
        body.put("size", 0);
        body.put("track_total_hits", false);
        body.put("aggs", Map.of(
                "types", Map.of("terms", Map.of("field", "_index", "size", 10)),
                "genres", Map.of("terms", Map.of("field", "genre", "size", 20))));
        return body;
    }

    /**
     * The body of the suggestion request, or empty when the text has no letter or digit (nothing to complete). One
     * request: the documents whose whole folded title or name is the text (a keyword lookup, ranked by popularity
     * and freshness: exact first), and two completion suggestions on the {@code suggest} field, an FST of every
     * name's word sequences weighted by popularity (IndexDefinitions.suggestion), looked up by prefix rather than
     * scoring every document a short prefix matches: {@code names} (the typed words as a prefix) and, once AUTO
     * fuzziness allows a typo (3 letters), {@code typos} (one or two edits, transpositions counted as one). Both
     * only in the caller's audience: {@code public}, and {@code owner:<id>} with a token.
     */
    public static Optional<Map<String, Object>> suggest(String text, Optional<UUID> viewer, int limit) {
        String exact = Fold.exact(text);
        if (exact == null || exact.isEmpty()) {
            return Optional.empty();
        }
        List<Object> audience = new ArrayList<>();
        audience.add(Map.of("context", "public"));
        viewer.ifPresent(v -> audience.add(Map.of("context", "owner:" + v)));
        Map<String, Object> suggestions = new LinkedHashMap<>();
        suggestions.put(SUGGEST_NAMES, Map.of("prefix", text, "completion", Map.of("field", "suggest",
                "size", limit, "contexts", Map.of("audience", audience))));
        if (text.codePointCount(0, text.length()) >= MIN_FUZZY_LENGTH) {
            suggestions.put(SUGGEST_TYPOS, Map.of("prefix", text, "completion", Map.of("field", "suggest",
                    "size", limit, "contexts", Map.of("audience", audience),
                    "fuzzy", Map.of("fuzziness", "AUTO", "prefix_length", 1, "transpositions", true))));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", Map.of("bool", Map.of("filter", List.of(visible(viewer), term("exact", exact)),
                "should", rank())));
        body.put("size", limit);
        body.put("track_total_hits", false);
        body.put("_source", Map.of("includes", SUGGEST_SOURCE));
        body.put("suggest", suggestions);
        return Optional.of(body);
    }

    /** The suggestions (in the request of {@link #suggest}) of the typed words as a prefix, and with typos. */
    public static final String SUGGEST_NAMES = "names";
    public static final String SUGGEST_TYPOS = "typos";
    static final List<String> SUGGEST_SOURCE = List.of("title", "name", "displayName", "handle", "artistName",
            "ownerName", "coverUrl", "avatarUrl");

    static List<Object> filters(Optional<String> genre, Optional<UUID> viewer) {
        List<Object> filters = new ArrayList<>();
        filters.add(visible(viewer));
        genre.ifPresent(g -> filters.add(term("genre", g)));
        return filters;
    }

    private static List<Object> concat(List<Object> list, Object element) {
        List<Object> all = new ArrayList<>(list);
        all.add(element);
        return all;
    }

    static Map<String, Object> term(String field, Object value) {
        return Map.of("term", Map.of(field, value));
    }

    /** Where the next page starts: the last hit's score and id, and how widely its first page matched. */
    public record Cursor(double score, String id, Match match) {

        public Cursor(double score, String id) {
            this(score, id, Match.WORDS);
        }

        public String encode() {
            return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    (Double.toString(score) + "|" + id + "|" + match.ordinal())
                            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
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
                String[] parts = decoded.split("\\|", -1);
                if (parts.length < 2 || parts.length > 3) {
                    throw new IllegalArgumentException();
                }
                double score = Double.parseDouble(parts[0]);
                String id = UUID.fromString(parts[1]).toString();
                if (!Double.isFinite(score)) {
                    throw new IllegalArgumentException();
                }
                // A cursor from before index version 4 has no match: any word was what every search did then.
                Match match = parts.length == 2 ? Match.ANY_WORD : Match.values()[Integer.parseInt(parts[2])];
                return Optional.of(new Cursor(score, id, match));
            } catch (RuntimeException e) {
                throw ApiException.badRequest("invalid-cursor", "cursor is not one this service gave out.");
            }
        }
    }
}
