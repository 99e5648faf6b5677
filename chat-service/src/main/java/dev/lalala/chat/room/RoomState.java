package dev.lalala.chat.room;

import java.util.List;
import java.util.UUID;

/**
 * A room's row as the live protocol needs it: host, playback (track, position 0's server time, paused position),
 * queue. {@link #positionAt(long)} is where the song is at a server time.
 */
public record RoomState(UUID id, UUID hostId, RoomVisibility visibility, UUID inviteKey, boolean closed,
        UUID trackId, long startedAt, long positionMs, boolean paused, List<UUID> queue) {

    public RoomState {
        queue = List.copyOf(queue);
    }

    public long positionAt(long serverNow) {
        if (trackId == null) {
            return 0;
        }
        return paused ? positionMs : Math.max(0, serverNow - startedAt);
    }

    public Playback playback(long serverNow) {
        long position = positionAt(serverNow);
        return new Playback(trackId, position, trackId == null ? 0 : serverNow - position, paused || trackId == null,
                queue);
    }

    public RoomState withHost(UUID host) {
        return new RoomState(id, host, visibility, inviteKey, closed, trackId, startedAt, positionMs, paused, queue);
    }

    public RoomState withPlayback(UUID track, long started, long position, boolean isPaused, List<UUID> newQueue) {
        return new RoomState(id, hostId, visibility, inviteKey, closed, track, started, position, isPaused, newQueue);
    }
}
