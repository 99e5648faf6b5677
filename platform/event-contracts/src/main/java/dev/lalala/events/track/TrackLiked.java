package dev.lalala.events.track;

import dev.lalala.events.EventPayload;
import java.time.Instant;
import java.util.UUID;

public record TrackLiked(UUID trackId, UUID userId, Instant likedAt) implements EventPayload {

    @Override
    public String eventKey() {
        return trackId.toString();
    }
}
