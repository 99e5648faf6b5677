package dev.lalala.events.track;

import dev.lalala.events.EventPayload;
import java.util.UUID;

public record TrackUnliked(UUID trackId, UUID userId) implements EventPayload {

    @Override
    public String eventKey() {
        return trackId.toString();
    }
}
