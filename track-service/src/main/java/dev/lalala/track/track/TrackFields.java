package dev.lalala.track.track;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.FieldError;
import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.events.Visibility;
import dev.lalala.track.genre.Genre;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpStatus;

/** The owner-editable fields of a song, checked the same way on upload and on edit. */
public final class TrackFields {

    public static final int MAX_TITLE = 200;
    public static final int MAX_DESCRIPTION = 5_000;
    public static final int MAX_TAGS = 10;
    public static final int MAX_TAG = 50;

    private static final String ONE_LINE = "must be one line without control characters";

    private final List<FieldError> errors = new ArrayList<>();

    public String title(String value, boolean required) {
        if (value == null || value.isBlank()) {
            if (required) {
                errors.add(new FieldError("title", "must not be blank"));
            }
            return null;
        }
        String title = value.strip();
        if (title.length() > MAX_TITLE) {
            errors.add(new FieldError("title", "at most " + MAX_TITLE + " characters"));
        }
        if (!oneLine(title)) {
            errors.add(new FieldError("title", ONE_LINE));
        }
        return title;
    }

    public String genre(String value) {
        if (value == null || value.isBlank()) {
            errors.add(new FieldError("genre", "must be one of GET /api/tracks/genres"));
            return null;
        }
        return Genre.byId(value.strip()).map(Genre::id).orElseGet(() -> {
            errors.add(new FieldError("genre", "unknown genre '" + value.strip() + "': one of GET /api/tracks/genres"));
            return null;
        });
    }

    /** Tags given repeated or comma-separated; trimmed, without duplicates (case-insensitive), in order. */
    public List<String> tags(List<String> values) {
        Map<String, String> tags = new LinkedHashMap<>();
        if (values != null) {
            for (String value : values) {
                if (value == null) {
                    continue;
                }
                for (String part : value.split(",")) {
                    String tag = part.strip();
                    if (!tag.isEmpty()) {
                        tags.putIfAbsent(tag.toLowerCase(Locale.ROOT), tag);
                    }
                }
            }
        }
        if (tags.size() > MAX_TAGS) {
            errors.add(new FieldError("tags", "at most " + MAX_TAGS + " tags"));
        }
        if (tags.values().stream().anyMatch(t -> t.length() > MAX_TAG)) {
            errors.add(new FieldError("tags", "each tag at most " + MAX_TAG + " characters"));
        }
        if (!tags.values().stream().allMatch(TrackFields::oneLine)) {
            errors.add(new FieldError("tags", ONE_LINE));
        }
        return List.copyOf(tags.values());
    }

    public String description(String value) {
        if (value == null) {
            return null;
        }
        if (value.length() > MAX_DESCRIPTION) {
            errors.add(new FieldError("description", "at most " + MAX_DESCRIPTION + " characters"));
        }
        if (value.codePoints().anyMatch(c -> control(c) && c != '\n' && c != '\r' && c != '\t')) {
            errors.add(new FieldError("description",
                    "must not contain control characters (line breaks and tabs are fine)"));
        }
        return value.isBlank() ? null : value.strip();
    }

    /**
     * A C0 or C1 control character (U+0000-U+001F, U+007F-U+009F): invisible, they break search, logs and
     * terminals, and no keyboard types them into a title.
     */
    public static boolean control(int codePoint) {
        return codePoint < 0x20 || (codePoint >= 0x7F && codePoint <= 0x9F);
    }

    /** No control character and no line or paragraph separator: text shown on one line (titles, tags). */
    public static boolean oneLine(String value) {
        return value.codePoints().noneMatch(c -> control(c) || c == 0x2028 || c == 0x2029);
    }

    /**
     * Text that did not come from a form (a file name, a file's title tag) made fit for a title: control characters
     * and line breaks become spaces, runs of spaces one, at most {@code max} characters; null when nothing is left.
     */
    public static String cleanLine(String value, int max) {
        if (value == null) {
            return null;
        }
        StringBuilder clean = new StringBuilder(value.length());
        value.codePoints().forEach(c -> clean.appendCodePoint(
                control(c) || c == 0x2028 || c == 0x2029 || Character.isWhitespace(c) ? ' ' : c));
        String line = clean.toString().replaceAll(" {2,}", " ").strip();
        if (line.length() > max) {
            int end = Character.isHighSurrogate(line.charAt(max - 1)) ? max - 1 : max;
            line = line.substring(0, end).strip();
        }
        return line.isEmpty() ? null : line;
    }

    public Visibility visibility(String value, Visibility otherwise) {
        if (value == null || value.isBlank()) {
            return otherwise;
        }
        try {
            return Visibility.valueOf(value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("visibility", "one of PUBLIC, UNLISTED, PRIVATE"));
            return otherwise;
        }
    }

    public void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    /** @throws ApiException 400 validation problem listing every invalid field */
    public void check() {
        if (!errors.isEmpty()) {
            throw new ApiException(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION, "Invalid request",
                    errors.size() == 1 ? "1 field is invalid" : errors.size() + " fields are invalid")
                    .with("errors", List.copyOf(errors));
        }
    }
}
