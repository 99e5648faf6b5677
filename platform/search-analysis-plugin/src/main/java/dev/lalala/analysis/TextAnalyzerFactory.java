package dev.lalala.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/** The {@code lalala_text} analyzer type: {@link Analysis#text()}. */
@NamedComponent("lalala_text")
public class TextAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return Analysis.text();
    }
}
