package dev.lalala.events.play;

import dev.lalala.events.EventType;
import dev.lalala.events.Topics;
import java.util.List;

/** Events of streaming-service, on {@value Topics#PLAY_EVENTS}, keyed by track id. */
public final class PlayEvents {

    public static final String TOPIC = Topics.PLAY_EVENTS;

    /** The heard time from which a play counts. */
    public static final long VERIFIED_PLAY_MS = 30_000;

    public static final EventType<PlayVerified> PLAY_VERIFIED = EventType.of(TOPIC, PlayVerified.class);

    public static final List<EventType<?>> ALL = List.of(PLAY_VERIFIED);

    private PlayEvents() {
    }
}
