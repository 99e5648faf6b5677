package dev.lalala.search.index;

import java.util.Map;

/**
 * Settings and mappings of every index, in one place. Single node, so no replicas; one shard each (the catalogue of
 * independent musicians fits one shard for a long time, and one shard keeps scores comparable). Unknown fields are
 * kept in the source but not indexed ({@code dynamic: false}).
 * <p>
 * A searchable name ({@code %NAME%}) is analysed as full text ({@code text}: Korean morphemes, English stems), and
 * has sub-fields {@code prefix} (as you type), {@code joined} (words written together) and an {@code exact} keyword
 * of its folded form for exact-match-first. Every document carries who owns it, who may see it, whether it is gone
 * ({@code deleted}, {@code ownerDeleted}: tombstones, so a replay cannot resurrect it) and the time of the event it
 * was last built from ({@code eventTime}: an older event never overwrites a newer document), and its popularity as
 * a rank feature, {@code rank.popularity} (see {@link #rank}).
 */
public final class IndexDefinitions {

    private static final String NAME = """
            {"type": "text", "analyzer": "text", "fields": {
              "prefix": {"type": "text", "analyzer": "prefix", "search_analyzer": "words"},
              "joined": {"type": "text", "analyzer": "joined"}
            }}""";

    private static final String COMMON = """
                "id":           {"type": "keyword"},
                "ownerId":      {"type": "keyword"},
                "visibility":   {"type": "keyword"},
                "deleted":      {"type": "boolean"},
                "ownerDeleted": {"type": "boolean"},
                "eventTime":    {"type": "long", "index": false},
                "publishedAt":  {"type": "date"},
                "plays":        {"type": "long"},
                "likes":        {"type": "long"},
                "followers":    {"type": "long"},
                "rank":         {"type": "sparse_vector"},
                "exact":        {"type": "keyword", "ignore_above": 256}""";

    private static final String TRACKS = """
            {
              "dynamic": false,
              "properties": {
            %COMMON%,
                "title":        %NAME%,
                "artistName":   %NAME%,
                "artistHandle": {"type": "keyword"},
                "genre":        {"type": "keyword"},
                "tags":         {"type": "keyword", "fields": {"text": {"type": "text", "analyzer": "text"}}},
                "description":  {"type": "text", "analyzer": "text"},
                "durationMs":   {"type": "long", "index": false},
                "coverUrl":     {"type": "keyword", "index": false}
              }
            }""";

    private static final String ARTISTS = """
            {
              "dynamic": false,
              "properties": {
            %COMMON%,
                "handle":       %NAME%,
                "displayName":  %NAME%,
                "avatarUrl":    {"type": "keyword", "index": false},
                "registeredAt": {"type": "date"}
              }
            }""";

    private static final String PLAYLISTS = """
            {
              "dynamic": false,
              "properties": {
            %COMMON%,
                "name":         %NAME%,
                "ownerName":    %NAME%,
                "description":  {"type": "text", "analyzer": "text"},
                "trackCount":   {"type": "integer", "index": false},
                "coverUrl":     {"type": "keyword", "index": false},
                "updatedAt":    {"type": "date"}
              }
            }""";

    private IndexDefinitions() {
    }

    /**
     * The {@code rank} of a document: {@code popularity}, ln(2 + verified plays + likes + followers). A feature
     * (Lucene's {@code FeatureField}) knows its highest value in every block of documents, so a query ranking by it
     * still skips the documents that cannot make the top hits. Elasticsearch's {@code rank_feature} type is in a
     * module the bare distribution lacks; {@code sparse_vector} (core) indexes the same features, and a {@code term}
     * query on it scores a document by the feature's value. Features must be positive, hence the 2; the counters
     * themselves stay in their own fields for results.
     */
    public static Map<String, Double> rank(Map<String, ?> doc) {
        long sum = 0;
        for (String counter : new String[] {"plays", "likes", "followers"}) {
            if (doc.get(counter) instanceof Number n) {
                sum += Math.max(0, n.longValue());
            }
        }
        return Map.of("popularity", Math.log(2 + sum));
    }

    /** The {@code mappings} of an index. */
    public static String mappings(SearchIndex index) {
        String template = switch (index) {
            case TRACKS -> TRACKS;
            case ARTISTS -> ARTISTS;
            case PLAYLISTS -> PLAYLISTS;
        };
        return template.replace("%COMMON%", COMMON).replace("%NAME%", NAME);
    }

    /** The {@code settings} of an index. */
    public static String settings() {
        return """
                {
                  "index": {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s",
                            "max_result_window": 10000},
                  "analysis": %s
                }""".formatted(SearchAnalysis.SETTINGS);
    }

    /** The body of {@code PUT _index_template/<name>}: every versioned index of {@code index} gets these. */
    public static String indexTemplate(SearchIndex index) {
        return """
                {
                  "index_patterns": ["%s"],
                  "priority": 200,
                  "template": {
                    "settings": %s,
                    "mappings": %s
                  },
                  "_meta": {"owner": "search-service", "version": %d}
                }""".formatted(index.indexPattern(), settings(), mappings(index), SearchIndex.VERSION);
    }
}
