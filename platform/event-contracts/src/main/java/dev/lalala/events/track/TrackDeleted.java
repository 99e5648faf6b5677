package dev.lalala.events.track;

import dev.lalala.events.EventPayload;
import java.util.UUID;

/** The song and its audio are gone; read models forget it. */
public record TrackDeleted(UUID trackId, UUID ownerId) implements EventPayload {

    @Override
    public String eventKey() {
        return trackId.toString();
    }
}
