package dev.lalala.chat.room;

import dev.lalala.defaults.paging.Cursors;
import dev.lalala.defaults.problem.ApiException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;

/** Where a newest-first list of rooms stopped: the last room's creation time and id (ties broken by id). */
public record RoomCursor(Instant createdAt, UUID id) {

    public static RoomCursor after(Room room) {
        return new RoomCursor(room.createdAt(), room.id());
    }

    public String encode() {
        return Cursors.encode(createdAt.toString(), id.toString());
    }

    /** Null for the first page; 400 {@code invalid-cursor} for a cursor we did not make. */
    public static RoomCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        List<String> parts = Cursors.decode(cursor, 2);
        try {
            return new RoomCursor(Instant.parse(parts.get(0)), UUID.fromString(parts.get(1)));
        } catch (DateTimeParseException | IllegalArgumentException e) {
            throw ApiException.badRequest("invalid-cursor", "The cursor is not one this list gave out.");
        }
    }
}
