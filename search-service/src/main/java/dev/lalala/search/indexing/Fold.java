package dev.lalala.search.indexing;

import java.text.Normalizer;
import java.util.Locale;

/** The exact-match key of a title or name: lower case, accents and everything but letters and digits removed. */
public final class Fold {

    private Fold() {
    }

    public static String exact(String text) {
        if (text == null) {
            return null;
        }
        String decomposed = Normalizer.normalize(text, Normalizer.Form.NFD).replaceAll("\\p{M}+", "");
        // Hangul decomposes into jamo under NFD: compose it back so Korean keys stay syllables.
        String composed = Normalizer.normalize(decomposed, Normalizer.Form.NFC);
        return composed.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "");
    }
}
