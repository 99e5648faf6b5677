package dev.lalala.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/** The {@code lalala_prefix} analyzer type: {@link Analysis#prefix()}. */
@NamedComponent("lalala_prefix")
public class PrefixAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return Analysis.prefix();
    }
}
