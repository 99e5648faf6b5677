package dev.lalala.track.upload;

import java.text.Normalizer;

/**
 * The uploader's file name is a hint (a default title, shown back to them), never a path: only its last segment
 * is kept, without control characters or anything but letters, digits, spaces and {@code . _ - ( )}.
 */
public final class Filenames {

    private static final int MAX = 120;

    private Filenames() {
    }

    public static String sanitize(String name) {
        if (name == null) {
            return "upload";
        }
        String last = name.replace('\\', '/');
        last = last.substring(last.lastIndexOf('/') + 1);
        String clean = Normalizer.normalize(last, Normalizer.Form.NFC)
                .replaceAll("[^\\p{L}\\p{N} ._()\\-]", "_")
                .replaceAll("\\.{2,}", ".")
                .replaceAll("^[. ]+", "")
                .strip();
        if (clean.length() > MAX) {
            clean = clean.substring(0, MAX);
        }
        return clean.isEmpty() ? "upload" : clean;
    }

    /** The name without its extension, as a default title. */
    public static String stem(String sanitized) {
        int dot = sanitized.lastIndexOf('.');
        String stem = dot > 0 ? sanitized.substring(0, dot) : sanitized;
        stem = stem.replace('_', ' ').strip();
        return stem.isEmpty() ? "Untitled" : stem;
    }
}
