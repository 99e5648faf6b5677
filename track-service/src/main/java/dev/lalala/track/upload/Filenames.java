package dev.lalala.track.upload;

import dev.lalala.track.track.TrackFields;
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

    /**
     * A default title from the uploader's own file name (not the sanitized one, whose {@code _} stand for whatever
     * was dropped: "Track #1.mp3" is "Track #1", not "Track 1"): its last path segment without the extension,
     * {@code _} read as spaces, control characters gone; "Untitled" when nothing is left.
     */
    public static String title(String originalName) {
        if (originalName == null) {
            return "Untitled";
        }
        String last = originalName.replace('\\', '/');
        last = Normalizer.normalize(last.substring(last.lastIndexOf('/') + 1), Normalizer.Form.NFC);
        int dot = last.lastIndexOf('.');
        if (dot > 0 && last.length() - dot <= 6) {
            last = last.substring(0, dot);
        }
        String title = TrackFields.cleanLine(last.replace('_', ' '), TrackFields.MAX_TITLE);
        return title == null || title.chars().allMatch(c -> c == '.') ? "Untitled" : title;
    }
}
