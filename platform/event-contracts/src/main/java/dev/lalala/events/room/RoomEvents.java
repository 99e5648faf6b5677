package dev.lalala.events.room;

import dev.lalala.events.EventType;
import dev.lalala.events.Topics;
import java.util.List;

/** Fan-out between chat-service instances, on {@value Topics#ROOM_EVENTS}, keyed by room id. */
public final class RoomEvents {

    public static final String TOPIC = Topics.ROOM_EVENTS;

    public static final EventType<RoomMessagePosted> ROOM_MESSAGE_POSTED = EventType.of(TOPIC, RoomMessagePosted.class);
    public static final EventType<RoomReactionSent> ROOM_REACTION_SENT = EventType.of(TOPIC, RoomReactionSent.class);
    public static final EventType<RoomPlaybackChanged> ROOM_PLAYBACK_CHANGED =
            EventType.of(TOPIC, RoomPlaybackChanged.class);

    public static final EventType<RoomPresenceChanged> ROOM_PRESENCE_CHANGED =
            EventType.of(TOPIC, RoomPresenceChanged.class);
    public static final EventType<RoomModerated> ROOM_MODERATED = EventType.of(TOPIC, RoomModerated.class);

    public static final List<EventType<?>> ALL = List.of(ROOM_MESSAGE_POSTED, ROOM_REACTION_SENT, ROOM_PLAYBACK_CHANGED,
            ROOM_PRESENCE_CHANGED, ROOM_MODERATED);

    private RoomEvents() {
    }
}
