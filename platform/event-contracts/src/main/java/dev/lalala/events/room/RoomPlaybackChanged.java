package dev.lalala.events.room;

import dev.lalala.events.EventPayload;
import java.util.UUID;

/**
 * The host changed what the room hears. {@code startedAtServerMs} is the server time (epoch ms) at which
 * segment 0 of the track would have started, so any client can compute the current position from its own
 * estimate of the server clock.
 */
public record RoomPlaybackChanged(
        UUID roomId,
        UUID hostId,
        PlaybackAction action,
        UUID trackId,
        int segment,
        long startedAtServerMs,
        boolean paused,
        long issuedAtServerMs)
        implements EventPayload {

    @Override
    public String eventKey() {
        return roomId.toString();
    }
}
