package dev.lalala.search.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.core.SearchRequest;
import co.elastic.clients.json.JsonpUtils;
import co.elastic.clients.json.jackson.Jackson3JsonpMapper;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.search.index.SearchIndex;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class SearchQueriesTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    static JsonNode body(SearchRequest request) {
        return JSON.readTree(JsonpUtils.toJsonString(request, new Jackson3JsonpMapper()));
    }

    @Test
    void aSearchMatchesWholeWordsWithTyposOrTheLastWordAsAPrefix() {
        SearchRequest request = SearchQueries.search("midnigt cit", SearchScope.ALL, 7);

        assertThat(request.index()).containsExactly("tracks", "artists", "playlists");
        JsonNode body = body(request);
        assertThat(body.path("size").asInt()).isEqualTo(7);
        JsonNode should = body.path("query").path("bool").path("should");
        assertThat(should.size()).isEqualTo(2);
        JsonNode fuzzy = should.get(0).path("multi_match");
        assertThat(fuzzy.path("query").asString()).isEqualTo("midnigt cit");
        assertThat(fuzzy.path("type").asString()).isEqualTo("best_fields");
        assertThat(fuzzy.path("fuzziness").asString()).isEqualTo("AUTO");
        assertThat(fuzzy.path("fields").valueStream().map(JsonNode::asString).toList())
                .contains("title^3", "displayName^3", "name^3", "artistName^2");
        assertThat(should.get(1).path("multi_match").path("type").asString()).isEqualTo("bool_prefix");
        assertThat(body.path("query").path("bool").path("minimum_should_match").asString()).isEqualTo("1");
        assertThat(body.path("_source").path("includes").valueStream().map(JsonNode::asString).toList())
                .containsAll(List.of("title", "displayName", "name"));
    }

    @Test
    void aScopeNarrowsTheIndices() {
        assertThat(SearchQueries.search("x", SearchScope.TRACKS, 1).index()).containsExactly("tracks");
        assertThat(SearchQueries.search("x", SearchScope.parse("Artists"), 1).index()).containsExactly("artists");
        assertThat(SearchQueries.search("x", SearchScope.parse(null), 1).index())
                .containsExactly("tracks", "artists", "playlists");
    }

    @Test
    void suggestionsUseTheCompletionFieldsOfEveryIndex() {
        SearchRequest request = SearchQueries.suggest("mid", 5);

        assertThat(request.index()).containsExactly("tracks", "artists", "playlists");
        JsonNode body = body(request);
        assertThat(body.path("size").asInt()).isZero();
        JsonNode suggester = body.path("suggest").path(SearchQueries.SUGGESTER);
        assertThat(suggester.path("prefix").asString()).isEqualTo("mid");
        assertThat(suggester.path("completion").path("field").asString()).isEqualTo("suggest");
        assertThat(suggester.path("completion").path("size").asInt()).isEqualTo(5);
        assertThat(suggester.path("completion").path("fuzzy").path("fuzziness").asString()).isEqualTo("AUTO");
    }

    @Test
    void theQueryIsTrimmedAndMustNotBeEmptyOrHuge() {
        assertThat(SearchQueries.query("  daft punk ")).isEqualTo("daft punk");
        for (String bad : new String[] {null, "", "   ", "x".repeat(101)}) {
            assertThatThrownBy(() -> SearchQueries.query(bad)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.type()).isEqualTo(ProblemTypes.of("invalid-query")));
        }
    }

    @Test
    void theLimitIsBounded() {
        assertThat(SearchQueries.limit(null, 20)).isEqualTo(20);
        assertThat(SearchQueries.limit(50, 20)).isEqualTo(50);
        for (int bad : new int[] {0, -1, 51}) {
            assertThatThrownBy(() -> SearchQueries.limit(bad, 20)).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.type()).isEqualTo(ProblemTypes.of("invalid-limit")));
        }
    }

    @Test
    void anUnknownTypeIsA400() {
        assertThatThrownBy(() -> SearchScope.parse("songs")).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.type()).isEqualTo(ProblemTypes.of("invalid-type")));
    }

    @Test
    void hitsAreLabelledByTheirIndex() {
        DisplayFields track = new DisplayFields("Midnight", "Mira", "http://c", null, null, null, null, null);
        DisplayFields artist = new DisplayFields(null, null, null, "Mira K", "mira", "http://a", null, null);
        DisplayFields playlist = new DisplayFields(null, null, null, null, null, null, "Night drive", "Jun");

        assertThat(track.toResult(SearchIndex.ofIndexName("tracks_v1").orElseThrow(), "1", 2.0))
                .isEqualTo(new SearchResult("track", "1", "Midnight", "Mira", "http://c", 2.0));
        assertThat(artist.toResult(SearchIndex.ofIndexName("artists_v1").orElseThrow(), "2", 1.0))
                .isEqualTo(new SearchResult("artist", "2", "Mira K", "@mira", "http://a", 1.0));
        assertThat(playlist.toResult(SearchIndex.ofIndexName("playlists").orElseThrow(), "3", 0.5))
                .isEqualTo(new SearchResult("playlist", "3", "Night drive", "Jun", null, 0.5));
        assertThat(SearchIndex.ofIndexName("tracksies")).isEmpty();
    }
}
