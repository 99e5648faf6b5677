package dev.lalala.streaming.audio;

import dev.lalala.events.EventJson;
import dev.lalala.events.Topics;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.events.track.TrackUpdated;
import dev.lalala.streaming.segment.SegmentCache;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Forgets a track's cached manifest when it was published (a "not playable yet" may be cached) or its owner changed
 * it (visibility), and its cached segments too when it was deleted; sockets playing it look at it again. Every instance must hear every event, so each has its own consumer group (a random suffix) starting at
 * the latest offset: what happened before it started is not in its cache anyway. Evicting is idempotent, so a
 * redelivered event is harmless and no processed-event table is needed.
 */
@Component
public class TrackEventsListener {

    private static final Logger log = LoggerFactory.getLogger(TrackEventsListener.class);

    private final Manifests manifests;
    private final SegmentCache segments;

    public TrackEventsListener(Manifests manifests, SegmentCache segments) {
        this.manifests = manifests;
        this.segments = segments;
    }

    @KafkaListener(topics = Topics.TRACK_EVENTS, groupId = "streaming-service-cache-${random.uuid}",
            properties = "auto.offset.reset=latest")
    public void on(ConsumerRecord<String, String> record) {
        EventJson.readIfKnown(record.value()).ifPresent(envelope -> {
            switch (envelope.payload()) {
                case TrackUpdated updated -> manifests.evict(updated.trackId());
                // "Not playable yet" may be cached from before it was published.
                case TrackPublished published -> manifests.evict(published.trackId());
                case TrackDeleted deleted -> {
                    manifests.evict(deleted.trackId());
                    segments.evictTrack(deleted.trackId());
                }
                default -> {
                    return;
                }
            }
            log.debug("evicted track {} after {}", envelope.key(), envelope.type());
        });
    }
}
