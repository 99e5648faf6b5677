package dev.lalala.events;

import java.util.List;

/** Every Kafka topic of the platform. Each is keyed by the id of the entity its events are about. */
public final class Topics {

    public static final String USER_EVENTS = "user.events";
    public static final String TRACK_EVENTS = "track.events";
    public static final String PLAY_EVENTS = "play.events";
    public static final String FOLLOW_EVENTS = "follow.events";
    public static final String PLAYLIST_EVENTS = "playlist.events";
    public static final String ROOM_EVENTS = "room.events";

    public static final List<String> ALL =
            List.of(USER_EVENTS, TRACK_EVENTS, PLAY_EVENTS, FOLLOW_EVENTS, PLAYLIST_EVENTS, ROOM_EVENTS);

    private Topics() {
    }
}
