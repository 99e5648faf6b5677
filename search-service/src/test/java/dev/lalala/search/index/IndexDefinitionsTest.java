package dev.lalala.search.index;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class IndexDefinitionsTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void everyIndexHasOneShardNoReplicasAndACompletionField() {
        for (SearchIndex index : SearchIndex.values()) {
            JsonNode template = JSON.readTree(IndexDefinitions.indexTemplate(index, SearchAnalysis.STANDARD));

            assertThat(template.path("index_patterns").get(0).asString()).isEqualTo(index.alias() + "_v*");
            JsonNode settings = template.path("template").path("settings").path("index");
            assertThat(settings.path("number_of_replicas").asInt()).isZero();
            assertThat(settings.path("number_of_shards").asInt()).isEqualTo(1);
            JsonNode mappings = template.path("template").path("mappings");
            assertThat(mappings.path("properties").path("id").path("type").asString()).isEqualTo("keyword");
            assertThat(mappings.path("properties").path("suggest").path("type").asString()).isEqualTo("completion");
            assertThat(template.path("_meta").path("version").asInt()).isEqualTo(SearchIndex.VERSION);
        }
    }

    @Test
    void theStandardAnalysisNamesOnlyAnalysersABareElasticsearchHas() {
        for (SearchIndex index : SearchIndex.values()) {
            JsonNode mappings = JSON.readTree(IndexDefinitions.mappings(index, SearchAnalysis.STANDARD));
            List<String> analysers = new ArrayList<>();
            collect(mappings, analysers);

            assertThat(analysers).isNotEmpty().allMatch("standard"::equals);
        }
    }

    @Test
    void namesAreVersionedBehindAnAlias() {
        assertThat(SearchIndex.TRACKS.alias()).isEqualTo("tracks");
        assertThat(SearchIndex.TRACKS.versionedName()).isEqualTo("tracks_v" + SearchIndex.VERSION);
        assertThat(SearchIndex.PLAYLISTS.templateName()).isEqualTo("lalala-playlists");
    }

    @Test
    void documentsCarryWhatUsersTypeAsSuggestions() {
        assertThat(ArtistDocument.of(null, "mira", "Mira K", null).suggest()).containsExactly("Mira K", "mira");
        assertThat(ArtistDocument.of(null, "mira", null, null).suggest()).containsExactly("mira");
        assertThat(TrackDocument.of(null, "Midnight", null, "Mira", null, null, null, null, null).suggest())
                .containsExactly("Midnight");
    }

    private static void collect(JsonNode node, List<String> analysers) {
        node.properties().forEach(e -> {
            if (e.getKey().endsWith("analyzer")) {
                analysers.add(e.getValue().asString());
            } else if (e.getValue().isObject()) {
                collect(e.getValue(), analysers);
            }
        });
    }
}
