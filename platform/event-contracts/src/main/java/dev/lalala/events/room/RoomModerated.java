package dev.lalala.events.room;

import dev.lalala.events.EventPayload;
import java.util.UUID;

/**
 * A host muted, unmuted or removed a listener, handed the host role to {@code userId}, or closed the room
 * ({@code userId} is then the host). {@code byUserId} is who did it (the server itself, as the old host, when the
 * host left and the role passed on).
 */
public record RoomModerated(UUID roomId, UUID byUserId, RoomModeration action, UUID userId)
        implements EventPayload {

    @Override
    public String eventKey() {
        return roomId.toString();
    }
}
