package dev.lalala.analysis;

import java.io.Reader;
import java.util.regex.Pattern;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.Tokenizer;
import org.apache.lucene.analysis.en.PorterStemFilter;
import org.apache.lucene.analysis.ko.KoreanPartOfSpeechStopFilter;
import org.apache.lucene.analysis.ko.KoreanReadingFormFilter;
import org.apache.lucene.analysis.ko.KoreanTokenizer;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.miscellaneous.LengthFilter;
import org.apache.lucene.analysis.ngram.EdgeNGramTokenFilter;
import org.apache.lucene.analysis.pattern.PatternReplaceCharFilter;
import org.apache.lucene.analysis.shingle.ShingleFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;

/**
 * The analysis chains of the plugin, as plain Lucene (so they are unit-tested without Elasticsearch). Every chain
 * first folds punctuation inside words ("R.E.M." → "REM", "don't" → "dont"), and lower-cases and folds accents
 * ("Dvořák" → "dvorak") after tokenising.
 */
public final class Analysis {

    /** The longest prefix the as-you-type field indexes; a longer word is still found by its first 30 letters. */
    public static final int MAX_PREFIX = 30;

    /** A dot or apostrophe between two letters is not a word boundary. */
    private static final Pattern INNER_PUNCTUATION = Pattern.compile("(?<=\\p{L})[.'’](?=\\p{L})");

    private Analysis() {
    }

    static Reader foldPunctuation(Reader reader) {
        return new PatternReplaceCharFilter(INNER_PUNCTUATION, "", reader);
    }

    static TokenStream fold(TokenStream in) {
        return new ASCIIFoldingFilter(new LowerCaseFilter(in), false);
    }

    /**
     * Full text, Korean and English at once: nori splits Korean into morphemes, keeping a compound and its parts
     * ({@code decompound_mode: mixed}) and dropping particles and endings (its part-of-speech stop tags); Hanja is
     * read as Hangul; Latin words are lower-cased, folded and Porter-stemmed.
     */
    public static Analyzer text() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new KoreanTokenizer(TokenStream.DEFAULT_TOKEN_ATTRIBUTE_FACTORY, null,
                        KoreanTokenizer.DecompoundMode.MIXED, false, true);
                TokenStream stream = new KoreanPartOfSpeechStopFilter(tokenizer);
                stream = new KoreanReadingFormFilter(stream);
                stream = new PorterStemFilter(fold(stream));
                return new TokenStreamComponents(tokenizer, stream);
            }

            @Override
            protected Reader initReader(String fieldName, Reader reader) {
                return foldPunctuation(reader);
            }

            @Override
            protected TokenStream normalize(String fieldName, TokenStream in) {
                return fold(in);
            }
        };
    }

    /** Words as written (Unicode word boundaries, Hangul words whole), folded: the query side of {@link #prefix()}. */
    public static Analyzer words() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new StandardTokenizer();
                return new TokenStreamComponents(tokenizer, fold(tokenizer));
            }

            @Override
            protected Reader initReader(String fieldName, Reader reader) {
                return foldPunctuation(reader);
            }

            @Override
            protected TokenStream normalize(String fieldName, TokenStream in) {
                return fold(in);
            }
        };
    }

    /**
     * As you type, index side: every word and each of its prefixes (1 to {@value #MAX_PREFIX} characters), so that
     * "midn" or "서울" (of "서울의") find a title without a prefix query.
     */
    public static Analyzer prefix() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new StandardTokenizer();
                TokenStream stream = new EdgeNGramTokenFilter(fold(tokenizer), 1, MAX_PREFIX, true);
                return new TokenStreamComponents(tokenizer, stream);
            }

            @Override
            protected Reader initReader(String fieldName, Reader reader) {
                return foldPunctuation(reader);
            }
        };
    }

    /**
     * Words and each pair of neighbouring words written as one ("sugar cane" → sugar, sugarcane, cane), on both
     * sides, so that "sugarcane" finds "Sugar Cane" and "sugar cane" finds "Sugarcane".
     */
    public static Analyzer joined() {
        return new Analyzer() {
            @Override
            protected TokenStreamComponents createComponents(String fieldName) {
                Tokenizer tokenizer = new StandardTokenizer();
                ShingleFilter shingles = new ShingleFilter(fold(tokenizer), 2, 2);
                shingles.setTokenSeparator("");
                shingles.setOutputUnigrams(true);
                TokenStream stream = new LengthFilter(shingles, 1, 60);
                return new TokenStreamComponents(tokenizer, stream);
            }

            @Override
            protected Reader initReader(String fieldName, Reader reader) {
                return foldPunctuation(reader);
            }
        };
    }
}
