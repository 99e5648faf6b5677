package dev.lalala.feed.graph;

import dev.lalala.defaults.paging.Cursors;
import dev.lalala.defaults.problem.ApiException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/**
 * Where a newest-first list of the graph stopped: the time of the last item and its id (to break ties between
 * items of the same millisecond). Opaque to clients.
 */
public record GraphCursor(Instant at, UUID id) {

    public String encode() {
        return Cursors.encode(at.toString(), id.toString());
    }

    /** Null for the first page. */
    public static GraphCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        List<String> parts = Cursors.decode(cursor, 2);
        try {
            return new GraphCursor(Instant.parse(parts.get(0)), UUID.fromString(parts.get(1)));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw ApiException.badRequest("invalid-cursor", "The cursor is not one this list gave out.");
        }
    }

    /** The cursor's time as Cypher parameter (an ISO-8601 string for {@code datetime()}), or null. */
    public static String atParameter(GraphCursor cursor) {
        return cursor == null ? null : cursor.at().toString();
    }

    public static String idParameter(GraphCursor cursor) {
        return cursor == null ? null : cursor.id().toString();
    }
}
