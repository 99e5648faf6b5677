package dev.lalala.chat.live;

import dev.lalala.chat.ChatProperties;
import dev.lalala.chat.room.RoomState;
import dev.lalala.chat.room.TrackReactions;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.room.RoomMessagePosted;
import dev.lalala.events.room.RoomModerated;
import dev.lalala.events.room.RoomPlaybackChanged;
import dev.lalala.events.room.RoomPresenceChanged;
import dev.lalala.events.room.RoomReactionSent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.springframework.web.reactive.socket.CloseStatus;

/**
 * room.events, as every instance receives them (its own consumer group), turned into frames for this instance's
 * sockets. Kafka keeps a room's events in one partition, so every instance sees them, and sends them, in one order.
 *
 * <p>{@value #FANOUT_METRIC} times each event from its envelope's {@code occurredAt} (when the instance that took the
 * command made it, so outbox relay, Kafka and this consumer are all inside) to its frame being queued to this
 * instance's sockets of the room, tagged by frame; events of rooms without sockets here are not timed. Instances'
 * clocks must agree (NTP) for the figures of events made on another instance to mean anything.
 */
public class RoomFanOut {

    public static final String FANOUT_METRIC = "lalala.chat.fanout";

    /** The frames room.events become, one timer each (registered at startup, so the metric is there before use). */
    enum Frame {
        CHAT, REACTION, STATE, PRESENCE, MODERATION
    }

    private final RoomHub hub;
    private final Frames frames;
    private final ChatProperties properties;
    private final Clock clock;
    private final Map<Frame, Timer> fanOut = new EnumMap<>(Frame.class);

    RoomFanOut(RoomHub hub, Frames frames, ChatProperties properties, Clock clock, MeterRegistry meters) {
        this.hub = hub;
        this.frames = frames;
        this.properties = properties;
        this.clock = clock;
        for (Frame frame : Frame.values()) {
            fanOut.put(frame, Timer.builder(FANOUT_METRIC)
                    .description("From a room event's creation to its frame queued to this instance's sockets")
                    .tag("frame", frame.name().toLowerCase(Locale.ROOT))
                    .publishPercentileHistogram()
                    .minimumExpectedValue(Duration.ofMillis(1))
                    .maximumExpectedValue(Duration.ofSeconds(10))
                    .register(meters));
        }
    }

    public void message(EventEnvelope<RoomMessagePosted> event) {
        RoomMessagePosted e = event.payload();
        if (hub.room(e.roomId()) == null) {
            return;
        }
        hub.broadcast(e.roomId(), frames.chat(e.roomId(), e.messageId(), e.text(), e.userId(),
                e.sentAt().toEpochMilli(), e.trackId(), e.positionMs() < 0 ? null : e.positionMs()), false);
        timed(Frame.CHAT, event);
    }

    public void reaction(EventEnvelope<RoomReactionSent> event) {
        RoomReactionSent e = event.payload();
        if (hub.room(e.roomId()) == null) {
            return;
        }
        hub.broadcast(e.roomId(), frames.reaction(e.roomId(), TrackReactions.wire(e.reaction()), e.userId(),
                e.trackId(), e.positionMs(), e.sentAt().toEpochMilli()), true);
        timed(Frame.REACTION, event);
    }

    public void playback(EventEnvelope<RoomPlaybackChanged> event) {
        RoomPlaybackChanged e = event.payload();
        RoomHub.LocalRoom room = hub.room(e.roomId());
        if (room == null) {
            return;
        }
        RoomState before = room.state;
        RoomState after = before.withHost(e.hostId()).withPlayback(e.trackId(), e.startedAtServerMs(),
                e.positionMs(), e.paused(), e.queue());
        room.state = after;
        hub.broadcast(e.roomId(), frames.state(e.roomId(), after, room.listeners, clock.millis()), false);
        timed(Frame.STATE, event);
    }

    public void presence(EventEnvelope<RoomPresenceChanged> event) {
        RoomPresenceChanged e = event.payload();
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
        timed(Frame.PRESENCE, event);
    }

    public void moderated(EventEnvelope<RoomModerated> event) {
        RoomModerated e = event.payload();
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
                timed(Frame.MODERATION, event);
                return;
            }
            case CLOSED -> {
                String closed = frames.error("room-closed", "The host closed the room.", e.roomId());
                for (LiveSession session : List.copyOf(room.sessions)) {
                    hub.leave(session, e.roomId());
                    session.send(closed, false);
                }
                timed(Frame.MODERATION, event);
                return;
            }
            default -> {
            }
        }
        hub.broadcast(e.roomId(), frames.moderation(e.roomId(), action, e.userId(), e.byUserId()), false);
        timed(Frame.MODERATION, event);
    }

    private void timed(Frame frame, EventEnvelope<?> event) {
        // Another instance's clock a little ahead of ours would give a negative time: counted as zero.
        long millis = Math.max(0, clock.millis() - event.occurredAt().toEpochMilli());
        fanOut.get(frame).record(millis, TimeUnit.MILLISECONDS);
    }

    /** Closes every socket of this instance (shutting down): the client should reconnect (docs/rooms.md). */
    void closeAll(CloseStatus status) {
        hub.sessions().forEach(session -> session.close(status));
    }

    static boolean isMuted(RoomHub.LocalRoom room, UUID user) {
        return room.muted.contains(user);
    }
}
