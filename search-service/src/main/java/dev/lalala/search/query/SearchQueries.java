package dev.lalala.search.query;

import co.elastic.clients.elasticsearch._types.query_dsl.Query;
import co.elastic.clients.elasticsearch._types.query_dsl.TextQueryType;
import co.elastic.clients.elasticsearch.core.SearchRequest;
import dev.lalala.defaults.problem.ApiException;
import java.util.List;

/**
 * The Elasticsearch requests behind search and suggestions, and the limits on what a client may ask for. Uses
 * only what a bare Elasticsearch has (no ngram analysers, no search_as_you_type): a typo-tolerant
 * {@code multi_match} (fuzziness AUTO) for whole words, OR a {@code bool_prefix} {@code multi_match} for the word
 * being typed; and the completion suggester on the {@code suggest} fields.
 */
public final class SearchQueries {

    public static final int MAX_QUERY_LENGTH = 100;
    public static final int MAX_LIMIT = 50;
    public static final int DEFAULT_SEARCH_LIMIT = 20;
    public static final int DEFAULT_SUGGEST_LIMIT = 10;
    public static final String SUGGESTER = "names";

    /** The fields a query is matched against; each index has some of them, missing ones are skipped. */
    static final List<String> FIELDS = List.of(
            "title^3", "name^3", "displayName^3", "handle^2", "artistName^2", "ownerName", "tags.text",
            "description^0.5");

    private SearchQueries() {
    }

    /** The query text, trimmed; 400 {@code invalid-query} when empty or too long. */
    public static String query(String q) {
        String text = q == null ? "" : q.strip();
        if (text.isEmpty()) {
            throw ApiException.badRequest("invalid-query", "q must not be empty.");
        }
        if (text.length() > MAX_QUERY_LENGTH) {
            throw ApiException.badRequest("invalid-query",
                    "q must be at most " + MAX_QUERY_LENGTH + " characters.");
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

    public static Query match(String text) {
        return Query.of(q -> q.bool(b -> b
                .should(s -> s.multiMatch(m -> m.query(text).fields(FIELDS)
                        .type(TextQueryType.BestFields).fuzziness("AUTO").prefixLength(1)))
                .should(s -> s.multiMatch(m -> m.query(text).fields(FIELDS)
                        .type(TextQueryType.BoolPrefix)))
                .minimumShouldMatch("1")));
    }

    public static SearchRequest search(String text, SearchScope scope, int limit) {
        return SearchRequest.of(s -> s
                .index(scope.aliases())
                .query(match(text))
                .size(limit)
                .trackTotalHits(t -> t.enabled(false))
                .source(src -> src.filter(f -> f.includes(DisplayFields.SOURCE_FIELDS))));
    }

    public static SearchRequest suggest(String prefix, int limit) {
        return SearchRequest.of(s -> s
                .index(SearchScope.ALL.aliases())
                .size(0)
                .source(src -> src.filter(f -> f.includes(DisplayFields.SOURCE_FIELDS)))
                .suggest(sg -> sg.suggesters(SUGGESTER, fs -> fs
                        .prefix(prefix)
                        .completion(c -> c.field("suggest").size(limit).skipDuplicates(false)
                                .fuzzy(f -> f.fuzziness("AUTO").prefixLength(1).minLength(4))))));
    }
}
