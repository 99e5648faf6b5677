package dev.lalala.search.index;

/**
 * The analysers of every index, from the project's own Elasticsearch plugin (platform/search-analysis-plugin,
 * installed by local-infra into every Elasticsearch it starts, and into production images): the plugin registers
 * the analyser types {@code lalala_text}, {@code lalala_words}, {@code lalala_prefix} and {@code lalala_joined};
 * the indices name one analyser of each type.
 * <ul>
 *   <li>{@code text}: Korean by nori (compound and parts, particles dropped) and English (stemmed), accents and
 *       inner punctuation folded: titles and names, index and query side;</li>
 *   <li>{@code prefix} / {@code words}: every word's prefixes at index time, the words as typed at query time: as
 *       you type, in both scripts;</li>
 *   <li>{@code joined}: neighbouring words also written as one ("sugar cane" / "sugarcane").</li>
 * </ul>
 */
public final class SearchAnalysis {

    public static final String TEXT = "text";
    public static final String WORDS = "words";
    public static final String PREFIX = "prefix";
    public static final String JOINED = "joined";

    /** The {@code index.analysis} settings. */
    public static final String SETTINGS = """
            {"analyzer": {
              "text":   {"type": "lalala_text"},
              "words":  {"type": "lalala_words"},
              "prefix": {"type": "lalala_prefix"},
              "joined": {"type": "lalala_joined"}
            }}""";

    private SearchAnalysis() {
    }
}
