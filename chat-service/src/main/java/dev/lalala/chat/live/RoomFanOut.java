package dev.lalala.chat.live;

import dev.lalala.chat.ChatProperties;
import dev.lalala.chat.room.RoomState;
import dev.lalala.chat.room.TrackReactions;
import dev.lalala.events.room.RoomMessagePosted;
import dev.lalala.events.room.RoomModerated;
import dev.lalala.events.room.RoomPlaybackChanged;
import dev.lalala.events.room.RoomPresenceChanged;
import dev.lalala.events.room.RoomReactionSent;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * room.events, as every instance receives them (its own consumer group), turned into frames for this instance's
 * sockets. Kafka keeps a room's events in one partition, so every instance sees them, and sends them, in one order.
 */
public class RoomFanOut {

    private final RoomHub hub;
    private final Frames frames;
    private final ChatProperties properties;
    private final Clock clock;

    RoomFanOut(RoomHub hub, Frames frames, ChatProperties properties, Clock clock) {
        this.hub = hub;
        this.frames = frames;
        this.properties = properties;
        this.clock = clock;
    }

    public void message(RoomMessagePosted e) {
        hub.broadcast(e.roomId(), frames.chat(e.roomId(), e.messageId(), e.text(), e.userId(),
                e.sentAt().toEpochMilli(), e.trackId(), e.positionMs() < 0 ? null : e.positionMs()), false);
    }

    public void reaction(RoomReactionSent e) {
        hub.broadcast(e.roomId(), frames.reaction(e.roomId(), TrackReactions.wire(e.reaction()), e.userId(),
                e.trackId(), e.positionMs(), e.sentAt().toEpochMilli()), true);
    }

    public void playback(RoomPlaybackChanged e) {
        RoomHub.LocalRoom room = hub.room(e.roomId());
        if (room == null) {
            return;
        }
        RoomState before = room.state;
        RoomState after = before.withHost(e.hostId()).withPlayback(e.trackId(), e.startedAtServerMs(),
                e.positionMs(), e.paused(), e.queue());
        room.state = after;
        hub.broadcast(e.roomId(), frames.state(e.roomId(), after, room.listeners, clock.millis()), false);
    }

    public void presence(RoomPresenceChanged e) {
        RoomHub.LocalRoom room = hub.room(e.roomId());
        if (room == null) {
            return;
        }
        room.listeners = e.listeners();
        long now = clock.millis();
        if (e.listeners() > properties.getPresenceThreshold()
                && now - room.lastPresenceAt < properties.getPresenceInterval().toMillis()) {
            return;
        }
        room.lastPresenceAt = now;
        hub.broadcast(e.roomId(), frames.presence(e.roomId(), e.joined(), e.userId(), e.listeners()), true);
    }

    public void moderated(RoomModerated e) {
        RoomHub.LocalRoom room = hub.room(e.roomId());
        if (room == null) {
            return;
        }
        String action = e.action().name().toLowerCase(Locale.ROOT).replace('_', '-');
        switch (e.action()) {
            case MUTED -> room.muted.add(e.userId());
            case UNMUTED -> room.muted.remove(e.userId());
            case REMOVED -> {
                String removed = frames.error("removed", "The host removed you from this room.", e.roomId());
                for (LiveSession session : List.copyOf(room.sessions)) {
                    if (session.user.equals(e.userId())) {
                        hub.leave(session, e.roomId());
                        session.send(removed, false);
                    }
                }
            }
            case HOST_CHANGED -> {
                room.state = room.state.withHost(e.userId());
                hub.broadcast(e.roomId(), frames.moderation(e.roomId(), action, e.userId(), e.byUserId()), false);
                hub.broadcast(e.roomId(), frames.state(e.roomId(), room.state, room.listeners, clock.millis()), false);
                return;
            }
            case CLOSED -> {
                String closed = frames.error("room-closed", "The host closed the room.", e.roomId());
                for (LiveSession session : List.copyOf(room.sessions)) {
                    hub.leave(session, e.roomId());
                    session.send(closed, false);
                }
                return;
            }
            default -> {
            }
        }
        hub.broadcast(e.roomId(), frames.moderation(e.roomId(), action, e.userId(), e.byUserId()), false);
    }

    /** Closes every socket of this instance (shutting down): the client should reconnect (docs/rooms.md). */
    void closeAll(CloseStatus status) {
        hub.sessions().forEach(session -> session.close(status));
    }

    static boolean isMuted(RoomHub.LocalRoom room, UUID user) {
        return room.muted.contains(user);
    }
}
