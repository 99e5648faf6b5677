package dev.lalala.search.index;

/**
 * How text is analysed, for every index at once: the one switch to turn when the analysis plugin (Korean and
 * as-you-type analysers, built from Lucene's analysis jars) is installed in every Elasticsearch this service talks
 * to. Chosen by {@code lalala.search.analysis}.
 * <p>
 * Only what a bare Elasticsearch distribution has may be named here: the integration-test zip carries no
 * analysis-common module (no ngram, edge_ngram, cjk, language analysers, not even the {@code lowercase} filter by
 * name), so {@link #STANDARD} uses the built-in {@code standard} analyser and no custom analysis at all.
 */
public enum SearchAnalysis {

    /** Unicode word boundaries and lower case: English works, Korean only as whole words. */
    STANDARD("standard", "standard", "standard", "{}");

    private final String textAnalyzer;
    private final String textSearchAnalyzer;
    private final String suggestAnalyzer;
    private final String analysisSettings;

    SearchAnalysis(String textAnalyzer, String textSearchAnalyzer, String suggestAnalyzer, String analysisSettings) {
        this.textAnalyzer = textAnalyzer;
        this.textSearchAnalyzer = textSearchAnalyzer;
        this.suggestAnalyzer = suggestAnalyzer;
        this.analysisSettings = analysisSettings;
    }

    /** Analyser of searchable text fields (titles, names) at index time. */
    public String textAnalyzer() {
        return textAnalyzer;
    }

    /** Analyser of the query text against those fields. */
    public String textSearchAnalyzer() {
        return textSearchAnalyzer;
    }

    /** Analyser of the completion (suggestion) fields, at index and at query time. */
    public String suggestAnalyzer() {
        return suggestAnalyzer;
    }

    /** The {@code index.analysis} settings the analysers above need (custom analysers, filters), as JSON. */
    public String analysisSettings() {
        return analysisSettings;
    }
}
