package dev.lalala.defaults.paging;

import dev.lalala.defaults.problem.ApiException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * The cursor of a newest-first list: resume after this time (what the list is ordered by), and this id among
 * items of the same time. Every list of the platform that is ordered by a time uses it; opaque to clients.
 */
public record TimeIdCursor(Instant at, UUID id) {

    public String encode() {
        return Cursors.encode(at.toString(), id.toString());
    }

    /**
     * Null for the first page (no cursor).
     *
     * @throws ApiException 400 {@code invalid-cursor} when the cursor is not one a list gave out
     */
    public static TimeIdCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        List<String> parts = Cursors.decode(cursor, 2);
        try {
            return new TimeIdCursor(time(parts.get(0)), UUID.fromString(parts.get(1)));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw ApiException.badRequest("invalid-cursor", "The cursor is not one this list gave out.");
        }
    }

    /** ISO-8601 (lossless); epoch milliseconds too, the form cursors given out before took. */
    private static Instant time(String text) {
        if (!text.isEmpty() && text.chars().allMatch(Character::isDigit)) {
            return Instant.ofEpochMilli(Long.parseLong(text));
        }
        return Instant.parse(text);
    }
}
