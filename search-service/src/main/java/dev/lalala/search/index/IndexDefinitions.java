package dev.lalala.search.index;

/**
 * Settings and mappings of every index, in one place, for one {@link SearchAnalysis}. Single node, so no replicas;
 * one shard each (the catalogue of independent musicians fits one shard for a long time, and one shard keeps
 * scores comparable). Unknown fields are kept in the source but not indexed ({@code dynamic: false}).
 * <p>
 * Every searchable text field is analysed by the analysis' text analyser and keeps an exact {@code raw} keyword;
 * {@code suggest} is a completion field fed with the names a user might start typing.
 */
public final class IndexDefinitions {

    private static final String TRACKS = """
            {
              "dynamic": false,
              "properties": {
                "id":          {"type": "keyword"},
                "title":       {"type": "text", %TEXT%, "fields": {"raw": {"type": "keyword", "ignore_above": 256}}},
                "artistId":    {"type": "keyword"},
                "artistName":  {"type": "text", %TEXT%, "fields": {"raw": {"type": "keyword", "ignore_above": 256}}},
                "genre":       {"type": "keyword"},
                "tags":        {"type": "keyword", "fields": {"text": {"type": "text", %TEXT%}}},
                "durationMs":  {"type": "long"},
                "coverUrl":    {"type": "keyword", "index": false},
                "publishedAt": {"type": "date"},
                "suggest":     {%SUGGEST%}
              }
            }""";

    private static final String ARTISTS = """
            {
              "dynamic": false,
              "properties": {
                "id":          {"type": "keyword"},
                "handle":      {"type": "text", %TEXT%, "fields": {"raw": {"type": "keyword", "ignore_above": 256}}},
                "displayName": {"type": "text", %TEXT%, "fields": {"raw": {"type": "keyword", "ignore_above": 256}}},
                "avatarUrl":   {"type": "keyword", "index": false},
                "suggest":     {%SUGGEST%}
              }
            }""";

    private static final String PLAYLISTS = """
            {
              "dynamic": false,
              "properties": {
                "id":          {"type": "keyword"},
                "name":        {"type": "text", %TEXT%, "fields": {"raw": {"type": "keyword", "ignore_above": 256}}},
                "description": {"type": "text", %TEXT%},
                "ownerId":     {"type": "keyword"},
                "ownerName":   {"type": "text", %TEXT%},
                "trackCount":  {"type": "integer"},
                "updatedAt":   {"type": "date"},
                "suggest":     {%SUGGEST%}
              }
            }""";

    private IndexDefinitions() {
    }

    /** The {@code mappings} of an index. */
    public static String mappings(SearchIndex index, SearchAnalysis analysis) {
        String template = switch (index) {
            case TRACKS -> TRACKS;
            case ARTISTS -> ARTISTS;
            case PLAYLISTS -> PLAYLISTS;
        };
        return template
                .replace("%TEXT%", "\"analyzer\": \"" + analysis.textAnalyzer() + "\", \"search_analyzer\": \""
                        + analysis.textSearchAnalyzer() + "\"")
                .replace("%SUGGEST%", "\"type\": \"completion\", \"analyzer\": \"" + analysis.suggestAnalyzer()
                        + "\", \"search_analyzer\": \"" + analysis.suggestAnalyzer()
                        + "\", \"preserve_separators\": true, \"preserve_position_increments\": true, "
                        + "\"max_input_length\": 100");
    }

    /** The {@code settings} of an index. */
    public static String settings(SearchAnalysis analysis) {
        return """
                {
                  "index": {"number_of_shards": 1, "number_of_replicas": 0},
                  "analysis": %s
                }""".formatted(analysis.analysisSettings());
    }

    /** The body of {@code PUT _index_template/<name>}: every versioned index of {@code index} gets these. */
    public static String indexTemplate(SearchIndex index, SearchAnalysis analysis) {
        return """
                {
                  "index_patterns": ["%s"],
                  "priority": 200,
                  "template": {
                    "settings": %s,
                    "mappings": %s
                  },
                  "_meta": {"owner": "search-service", "version": %d, "analysis": "%s"}
                }""".formatted(index.indexPattern(), settings(analysis), mappings(index, analysis),
                SearchIndex.VERSION, analysis.name().toLowerCase(java.util.Locale.ROOT));
    }
}
