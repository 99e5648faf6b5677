package dev.lalala.analysis;

import org.apache.lucene.analysis.Analyzer;
import org.elasticsearch.plugin.NamedComponent;
import org.elasticsearch.plugin.analysis.AnalyzerFactory;

/** The {@code lalala_joined} analyzer type: {@link Analysis#joined()}. */
@NamedComponent("lalala_joined")
public class JoinedAnalyzerFactory implements AnalyzerFactory {

    @Override
    public Analyzer create() {
        return Analysis.joined();
    }
}
