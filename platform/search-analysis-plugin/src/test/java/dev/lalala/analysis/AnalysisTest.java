package dev.lalala.analysis;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;
import org.junit.jupiter.api.Test;

class AnalysisTest {

    static List<String> terms(Analyzer analyzer, String text) throws IOException {
        List<String> terms = new ArrayList<>();
        try (TokenStream stream = analyzer.tokenStream("f", text)) {
            CharTermAttribute term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                terms.add(term.toString());
            }
            stream.end();
        }
        return terms;
    }

    @Test
    void theNamedComponentsFileListsEveryAnalyzerFactory() throws Exception {
        String json = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/plugin/named_components.json"));
        for (Class<?> factory : List.of(TextAnalyzerFactory.class, WordsAnalyzerFactory.class,
                PrefixAnalyzerFactory.class, JoinedAnalyzerFactory.class)) {
            String name = factory.getAnnotation(org.elasticsearch.plugin.NamedComponent.class).value();
            assertThat(json).contains("\"" + name + "\": \"" + factory.getName() + "\"");
            assertThat(((org.elasticsearch.plugin.analysis.AnalyzerFactory) factory.getDeclaredConstructor()
                    .newInstance()).create()).isNotNull();
        }
    }

    @Test
    void koreanCompoundsKeepTheWholeAndTheirParts() throws IOException {
        // A dictionary compound (the nori documentation's own example) and a run of two nouns written together.
        assertThat(terms(Analysis.text(), "가곡역")).contains("가곡역", "가곡", "역");
        assertThat(terms(Analysis.text(), "서울여행")).contains("서울", "여행");
    }

    @Test
    void koreanParticlesAreDropped() throws IOException {
        List<String> terms = terms(Analysis.text(), "서울의 밤을");
        assertThat(terms).contains("서울", "밤").doesNotContain("의", "을", "서울의", "밤을");
    }

    @Test
    void englishIsLowerCasedFoldedAndStemmed() throws IOException {
        assertThat(terms(Analysis.text(), "Dvořák Dancing Machines")).containsExactly("dvorak", "danc", "machin");
        assertThat(terms(Analysis.text(), "dvorak dance machine")).containsExactly("dvorak", "danc", "machin");
    }

    @Test
    void mixedTitlesAreAnalysedInBothLanguages() throws IOException {
        assertThat(terms(Analysis.text(), "Midnight 서울여행")).contains("midnight", "서울", "여행");
    }

    @Test
    void dotsAndApostrophesInsideWordsAreFolded() throws IOException {
        assertThat(terms(Analysis.text(), "R.E.M.")).containsExactly("rem");
        assertThat(terms(Analysis.words(), "R.E.M.")).containsExactly("rem");
        assertThat(terms(Analysis.words(), "Don't Stop")).containsExactly("dont", "stop");
    }

    @Test
    void prefixesOfEveryWordAreIndexed() throws IOException {
        assertThat(terms(Analysis.prefix(), "Midnight 서울의밤"))
                .contains("m", "mi", "midn", "midnight", "서", "서울", "서울의", "서울의밤");
        assertThat(terms(Analysis.words(), "MIDN 서울")).containsExactly("midn", "서울");
    }

    @Test
    void neighbouringWordsAreAlsoJoined() throws IOException {
        assertThat(terms(Analysis.joined(), "Sugar Cane")).contains("sugar", "sugarcane", "cane");
        assertThat(terms(Analysis.joined(), "sugarcane")).containsExactly("sugarcane");
    }
}
