package dev.lalala.events.track;

import dev.lalala.events.EventType;
import dev.lalala.events.Topics;
import java.util.List;

/** Events of track-service, on {@value Topics#TRACK_EVENTS}, keyed by track id. */
public final class TrackEvents {

    public static final String TOPIC = Topics.TRACK_EVENTS;

    public static final EventType<TrackUploaded> TRACK_UPLOADED = EventType.of(TOPIC, TrackUploaded.class);
    public static final EventType<TrackProcessingProgressed> TRACK_PROCESSING_PROGRESSED =
            EventType.of(TOPIC, TrackProcessingProgressed.class);
    public static final EventType<TrackPublished> TRACK_PUBLISHED = EventType.of(TOPIC, TrackPublished.class);
    public static final EventType<TrackUpdated> TRACK_UPDATED = EventType.of(TOPIC, TrackUpdated.class);
    public static final EventType<TrackDeleted> TRACK_DELETED = EventType.of(TOPIC, TrackDeleted.class);
    public static final EventType<TrackLiked> TRACK_LIKED = EventType.of(TOPIC, TrackLiked.class);
    public static final EventType<TrackUnliked> TRACK_UNLIKED = EventType.of(TOPIC, TrackUnliked.class);

    public static final List<EventType<?>> ALL = List.of(
            TRACK_UPLOADED, TRACK_PROCESSING_PROGRESSED, TRACK_PUBLISHED, TRACK_UPDATED, TRACK_DELETED,
            TRACK_LIKED, TRACK_UNLIKED);

    private TrackEvents() {
    }
}
