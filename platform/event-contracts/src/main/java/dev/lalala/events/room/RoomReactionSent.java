package dev.lalala.events.room;

import dev.lalala.events.EventPayload;
import java.time.Instant;
import java.util.UUID;

public record RoomReactionSent(
        UUID roomId, UUID userId, Reaction reaction, UUID trackId, long positionMs, Instant sentAt)
        implements EventPayload {

    @Override
    public String eventKey() {
        return roomId.toString();
    }
}
