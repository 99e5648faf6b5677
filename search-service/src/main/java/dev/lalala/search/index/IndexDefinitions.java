package dev.lalala.search.index;

import java.util.List;
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
 * <p>
 * {@code names} gathers every name and tag ({@code copy_to}) for the one typo-tolerant clause of a query: a fuzzy
 * match is rewritten per field against the field's terms, so one field instead of eight. {@code suggest} is the
 * completion field of search as you type (see {@link #suggestion}).
 */
public final class IndexDefinitions {

    private static final String NAME = """
            {"type": "text", "analyzer": "text", "copy_to": "names", "fields": {
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
                "exact":        {"type": "keyword", "ignore_above": 256},
                "names":        {"type": "text", "analyzer": "text"},
                "suggest":      {"type": "completion", "analyzer": "words", "preserve_separators": true,
                                 "preserve_position_increments": true, "max_input_length": 50,
                                 "contexts": [{"name": "audience", "type": "category"}]}""";

    private static final String TRACKS = """
            {
              "dynamic": false,
              "properties": {
            %COMMON%,
                "title":        %NAME%,
                "artistName":   %NAME%,
                "artistHandle": {"type": "keyword"},
                "genre":        {"type": "keyword"},
                "tags":         {"type": "keyword", "copy_to": "names",
                                 "fields": {"text": {"type": "text", "analyzer": "text"}}},
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

    /** The most words of a name, from the first, that each start a completion input (see {@link #suggestion}). */
    static final int MAX_SUGGEST_INPUTS = 8;
    /** The highest popularity (times 1000) a completion weight holds apart: ln(2 + 79 trillion). */
    static final long MAX_WEIGHT_POPULARITY = 32_000;
    private static final java.time.LocalDate WEIGHT_EPOCH = java.time.LocalDate.of(2000, 1, 1);

    /**
     * The {@code suggest} (completion) value of a document, or null when it must not be suggested to anyone (deleted,
     * its owner deleted, an artist placeholder, no name). Inputs: the name from each of its first words on ("Harbor
     * Quillon" and "Quillon"), so that a prefix of any word, or of several words in a row, completes it, and an
     * artist's handle. Contexts: {@code owner:<id>} always and {@code public} when public, which is what
     * {@code SearchQueries.visible} lets a caller see. Weight: popularity first, then the newer (an FST keeps one
     * number per input, fixed when written: a freshness that decays by the day cannot be in it, so suggestions rank
     * by popularity and then date, while search adds today's freshness).
     */
    public static Map<String, Object> suggestion(Map<String, ?> doc) {
        if (!(doc.get("id") instanceof String) || !(doc.get("ownerId") instanceof String owner)
                || Boolean.TRUE.equals(doc.get("deleted")) || Boolean.TRUE.equals(doc.get("ownerDeleted"))) {
            return null;
        }
        java.util.LinkedHashSet<String> inputs = new java.util.LinkedHashSet<>();
        for (String field : new String[] {"title", "name", "displayName"}) {
            if (doc.get(field) instanceof String text) {
                String[] words = text.strip().split("\\s+");
                for (int i = 0; i < Math.min(words.length, MAX_SUGGEST_INPUTS); i++) {
                    String input = String.join(" ", java.util.Arrays.copyOfRange(words, i, words.length)).strip();
                    if (!input.isEmpty()) {
                        inputs.add(input);
                    }
                }
            }
        }
        if (doc.get("handle") instanceof String handle && !handle.isBlank()) {
            inputs.add(handle.strip());
        }
        if (inputs.isEmpty()) {
            return null;
        }
        List<String> audience = new java.util.ArrayList<>();
        audience.add("owner:" + owner);
        if ("PUBLIC".equals(doc.get("visibility"))) {
            audience.add("public");
        }
        return Map.of("input", List.copyOf(inputs), "weight", weight(doc),
                "contexts", Map.of("audience", audience));
    }

    /** Popularity (ln, times 1000) in the high bits, the day of publishing (or registering) since 2000 below. */
    static int weight(Map<String, ?> doc) {
        long popularity = Math.min(MAX_WEIGHT_POPULARITY, Math.round(rank(doc).get("popularity") * 1000));
        long day = 0;
        for (String field : new String[] {"publishedAt", "registeredAt", "updatedAt"}) {
            if (doc.get(field) instanceof String date && !date.isBlank()) {
                try {
                    day = java.time.temporal.ChronoUnit.DAYS.between(WEIGHT_EPOCH,
                            java.time.Instant.parse(date).atZone(java.time.ZoneOffset.UTC).toLocalDate());
                } catch (java.time.format.DateTimeParseException e) {
                    day = 0;
                }
                break;
            }
        }
        return (int) (popularity * 65_536 + Math.max(0, Math.min(65_535, day)));
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
