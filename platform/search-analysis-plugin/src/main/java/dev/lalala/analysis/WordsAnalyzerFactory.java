package dev.lalala.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/** The {@code lalala_words} analyzer type: {@link Analysis#words()}. */
@NamedComponent("lalala_words")
public class WordsAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return Analysis.words();
    }
}
