package dev.lalala.events.room;

import dev.lalala.events.EventPayload;
import java.time.Instant;
import java.util.UUID;

/** A chat line, stamped with where the room's song was when it was said (for the waveform). */
public record RoomMessagePosted(
        UUID roomId, UUID messageId, UUID userId, String text, UUID trackId, long positionMs, Instant sentAt)
        implements EventPayload {

    @Override
    public String eventKey() {
        return roomId.toString();
    }
}
