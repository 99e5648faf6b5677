package dev.lalala.events.playlist;

import dev.lalala.events.EventType;
import dev.lalala.events.Topics;
import java.util.List;

/** Events of playlist-service, on {@value Topics#PLAYLIST_EVENTS}, keyed by playlist id. */
public final class PlaylistEvents {

    public static final String TOPIC = Topics.PLAYLIST_EVENTS;

    public static final EventType<PlaylistCreated> PLAYLIST_CREATED = EventType.of(TOPIC, PlaylistCreated.class);
    public static final EventType<PlaylistUpdated> PLAYLIST_UPDATED = EventType.of(TOPIC, PlaylistUpdated.class);
    public static final EventType<PlaylistDeleted> PLAYLIST_DELETED = EventType.of(TOPIC, PlaylistDeleted.class);

    public static final List<EventType<?>> ALL = List.of(PLAYLIST_CREATED, PLAYLIST_UPDATED, PLAYLIST_DELETED);

    private PlaylistEvents() {
    }
}
