package dev.lalala.events;

import dev.lalala.events.follow.FollowEvents;
import dev.lalala.events.play.PlayEvents;
import dev.lalala.events.playlist.PlaylistEvents;
import dev.lalala.events.room.RoomEvents;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.events.user.UserEvents;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The registry of every event type of the platform, by name and version. */
public final class EventTypes {

    public static final List<EventType<?>> ALL = Stream.of(
                    UserEvents.ALL, TrackEvents.ALL, PlayEvents.ALL, FollowEvents.ALL, PlaylistEvents.ALL, RoomEvents.ALL)
            .flatMap(List::stream)
            .toList();

    private static final Map<String, EventType<?>> BY_NAME_AND_VERSION = index();

    private EventTypes() {
    }

    public static Optional<EventType<?>> find(String name, int version) {
        return Optional.ofNullable(BY_NAME_AND_VERSION.get(name + "@" + version));
    }

    public static EventType<?> require(String name, int version) {
        return find(name, version).orElseThrow(() -> new UnknownEventTypeException(name, version));
    }

    private static Map<String, EventType<?>> index() {
        Map<String, EventType<?>> map = new LinkedHashMap<>();
        for (EventType<?> type : ALL) {
            if (map.put(type.name() + "@" + type.version(), type) != null) {
                throw new IllegalStateException("event type registered twice: " + type.name() + "@" + type.version());
            }
        }
        return Map.copyOf(map);
    }
}
