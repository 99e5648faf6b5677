package dev.lalala.events.play;

import dev.lalala.events.EventPayload;
import java.time.Instant;
import java.util.UUID;

/**
 * streaming-service really delivered at least 30 s of this song to this listener. One per listen:
 * {@code playId} names the listen, so a redelivered event counts once.
 */
public record PlayVerified(
        UUID playId, UUID trackId, UUID listenerId, long deliveredMs, Instant startedAt, Instant verifiedAt)
        implements EventPayload {

    @Override
    public String eventKey() {
        return trackId.toString();
    }
}
