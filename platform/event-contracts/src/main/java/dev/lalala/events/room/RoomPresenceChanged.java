package dev.lalala.events.room;

import dev.lalala.events.EventPayload;
import java.util.UUID;

/**
 * Someone joined or left a room on one chat-service instance; {@code listeners} is the room's listener count across
 * all instances just after. Sent straight to Kafka (not through an outbox): presence is live information, and the
 * listener table in the chat database stays the truth.
 */
public record RoomPresenceChanged(UUID roomId, UUID userId, boolean joined, int listeners) implements EventPayload {

    @Override
    public String eventKey() {
        return roomId.toString();
    }
}
