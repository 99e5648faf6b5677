package dev.lalala.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import dev.lalala.defaults.problem.ApiException;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class SearchQueriesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static SearchRequest parse(Map<String, Object> body) {
        String json = JSON.writeValueAsString(body);
        return SearchRequest.of(s -> s.index("tracks").withJson(new StringReader(json)));
    }

    @Test
    void theBodiesAreRequestsTheClientUnderstands() {
        var cursor = new SearchQueries.Cursor(1.25, UUID.randomUUID().toString());
        SearchRequest first = parse(SearchQueries.search("서울 night", Optional.of("pop"), Optional.of(UUID.randomUUID()),
                20, Optional.empty()));
        assertThat(first.highlight()).isNotNull();
        assertThat(parse(SearchQueries.facets("서울 night", Optional.of("pop"), Optional.empty())).aggregations())
                .containsKeys("types", "genres");
        SearchRequest next = parse(SearchQueries.search("x", Optional.empty(), Optional.empty(), 2,
                Optional.of(cursor)));
        assertThat(next.searchAfter()).hasSize(2);
        SearchRequest suggest = parse(SearchQueries.suggest("별빛", Optional.empty(), 8).orElseThrow());
        assertThat(suggest.size()).isEqualTo(8);
        assertThat(suggest.suggest().suggesters().get(SearchQueries.SUGGEST_NAMES).completion().field())
                .isEqualTo("suggest");
    }

    @Test
    void thePageSkipsWhatCannotMakeItAndTheFacetsComeUnscoredOnTheirOwn() {
        String page = JSON.writeValueAsString(SearchQueries.search("midnight rain", Optional.empty(),
                Optional.empty(), 20, Optional.empty()));
        // No function_score and no aggregation: either would make Elasticsearch score every match.
        assertThat(page).doesNotContain("function_score", "\"aggs\"").contains("distance_feature", "\"rank\"");
        SearchRequest facets = parse(SearchQueries.facets("midnight rain", Optional.empty(), Optional.empty()));
        assertThat(facets.size()).isZero();
        assertThat(facets.query().bool().must()).isEmpty();
        assertThat(facets.query().bool().should()).isEmpty();
    }

    @Test
    void suggestionsTryTyposOnlyFromThreeLetters() {
        assertThat(suggest("mi")).doesNotContain("fuzziness");
        assertThat(suggest("별빛")).doesNotContain("fuzziness");
        assertThat(suggest("mid")).contains("fuzziness").doesNotContain("function_score");
        assertThat(suggest("a midn")).contains("fuzziness");
    }

    @Test
    void suggestionsAreLookedUpInTheCallersAudienceAndNothingIsAskedWithoutALetter() {
        UUID viewer = UUID.randomUUID();
        assertThat(JSON.writeValueAsString(SearchQueries.suggest("mid", Optional.of(viewer), 8).orElseThrow()))
                .contains("\"public\"", "\"owner:" + viewer + "\"");
        assertThat(suggest("mid")).contains("\"public\"").doesNotContain("owner:");
        assertThat(SearchQueries.suggest("*?!", Optional.empty(), 8)).isEmpty();
        assertThat(SearchQueries.suggest("--", Optional.empty(), 8)).isEmpty();
    }

    static String suggest(String text) {
        return JSON.writeValueAsString(SearchQueries.suggest(text, Optional.empty(), 8).orElseThrow());
    }

    @Test
    void theQueryTextIsOnlyEverAQueryValue() {
        String hostile = "\"}}, {\"match_all\": {}} title:*";
        String json = JSON.writeValueAsString(SearchQueries.search(hostile, Optional.empty(), Optional.empty(), 5,
                Optional.empty()));
        assertThat(json).doesNotContain("\"match_all\"").contains("\\\"match_all\\\"");
    }

    @Test
    void aSearchMatchesTheWordsFirstThenTyposThenAnyWord() {
        String words = JSON.writeValueAsString(SearchQueries.search("sugar cane", Optional.empty(), Optional.empty(),
                20, Optional.empty()).get("query"));
        assertThat(words).contains("\"cross_fields\"", "\"operator\":\"and\"", "\"query\":\"sugarcane\"")
                .doesNotContain("\"operator\":\"or\"", "fuzziness");
        // One word as typed: no joined-word lookup (it would score every song with the word again).
        assertThat(JSON.writeValueAsString(SearchQueries.search("sugarcane", Optional.empty(), Optional.empty(), 20,
                Optional.empty()).get("query"))).doesNotContain("joined", "fuzziness");
        String typos = JSON.writeValueAsString(SearchQueries.search("sugarcane", SearchQueries.Match.TYPOS,
                Optional.empty(), Optional.empty(), 20, Optional.empty()));
        assertThat(typos).contains("fuzziness", "joined", "\"operator\":\"and\"");
        // Highlights mark typos only where a typo can have matched.
        assertThat(JSON.writeValueAsString(SearchQueries.search("sugar cane", Optional.empty(), Optional.empty(), 20,
                Optional.empty()).get("highlight"))).doesNotContain("fuzziness");
        assertThat(JSON.writeValueAsString(SearchQueries.search("sugarcane", SearchQueries.Match.TYPOS,
                Optional.empty(), Optional.empty(), 20, Optional.empty()).get("highlight"))).contains("fuzziness");
        String any = JSON.writeValueAsString(SearchQueries.search("sugar cane", SearchQueries.Match.ANY_WORD,
                Optional.empty(), Optional.empty(), 20, Optional.empty()));
        assertThat(any).contains("\"operator\":\"or\"", "fuzziness")
                .doesNotContain("cross_fields", "\"query\":\"sugarcane\"");
        assertThat(SearchQueries.severalWords(" sugar  cane ")).isTrue();
        assertThat(SearchQueries.severalWords(" sugarcane ")).isFalse();
        // A next page keeps to what its first page matched.
        var anyCursor = new SearchQueries.Cursor(2.0, UUID.randomUUID().toString(), SearchQueries.Match.ANY_WORD);
        assertThat(JSON.writeValueAsString(SearchQueries.search("sugar cane", Optional.empty(), Optional.empty(), 20,
                Optional.of(anyCursor)))).contains("\"operator\":\"or\"");
    }

    @Test
    void cursorsRoundTripAndForgedOnesAreRejected() {
        var cursor = new SearchQueries.Cursor(3.5, UUID.randomUUID().toString());
        assertThat(SearchQueries.Cursor.parse(cursor.encode())).contains(cursor);
        for (SearchQueries.Match match : SearchQueries.Match.values()) {
            var each = new SearchQueries.Cursor(3.5, UUID.randomUUID().toString(), match);
            assertThat(SearchQueries.Cursor.parse(each.encode())).contains(each);
        }
        for (String forged : List.of("1.0|" + UUID.randomUUID() + "|most", "1.0|" + UUID.randomUUID() + "|7",
                "1.0|" + UUID.randomUUID() + "|-1")) {
            String encoded = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                    forged.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThatThrownBy(() -> SearchQueries.Cursor.parse(encoded)).isInstanceOf(ApiException.class);
        }
        assertThatThrownBy(() -> SearchQueries.Cursor.parse("bm9wZQ")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> SearchQueries.Cursor.parse("%%%")).isInstanceOf(ApiException.class);
    }

    @Test
    void limitsOnInput() {
        assertThat(SearchQueries.query("  midnight  ")).isEqualTo("midnight");
        assertThatThrownBy(() -> SearchQueries.query(" ")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> SearchQueries.query("a".repeat(101))).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> SearchQueries.query("a\u0000b")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> SearchQueries.query("a\u202Eb")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> SearchQueries.query("a b c d e f g h i j k l m")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> SearchQueries.limit(51, 20)).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> SearchScope.parse("users")).isInstanceOf(ApiException.class);
        assertThat(SearchScope.parse("tracks")).isEqualTo(SearchScope.TRACK);
    }
}
