package dev.lalala.events.room;

import dev.lalala.events.EventPayload;
import java.util.List;
import java.util.UUID;

/**
 * The host changed what the room hears (or its queue). {@code startedAtServerMs} is the server time (epoch ms) at
 * which position 0 of the track would have started, so any client computes the current position from its own
 * estimate of the server clock: {@code serverNow - startedAtServerMs}. While paused, {@code positionMs} is where the
 * song stopped; while playing it is the position at {@code issuedAtServerMs}. {@code segment} is
 * {@code positionMs} in 5 s segments. {@code queue} is the whole queue after the change, next song first.
 * {@code positionMs} and {@code queue} were added to version 1 (additive: older readers ignore them).
 */
public record RoomPlaybackChanged(
        UUID roomId,
        UUID hostId,
        PlaybackAction action,
        UUID trackId,
        int segment,
        long startedAtServerMs,
        boolean paused,
        long issuedAtServerMs,
        long positionMs,
        List<UUID> queue)
        implements EventPayload {

    public RoomPlaybackChanged {
        queue = queue == null ? List.of() : List.copyOf(queue);
    }

    @Override
    public String eventKey() {
        return roomId.toString();
    }
}
