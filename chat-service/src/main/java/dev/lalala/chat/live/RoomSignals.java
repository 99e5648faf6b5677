package dev.lalala.chat.live;

import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.EventPayload;
import dev.lalala.events.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Room events that go straight to Kafka, without the outbox: reactions and presence are live signals, many and
 * cheap; losing one in a crash loses nothing anyone needs later (reaction counts per song are stored by
 * TrackReactions, listeners by the room_listener table). Same topic and key as the outbox's room events, so a
 * room's events stay in one partition, in one order for every instance.
 */
@Component
public class RoomSignals {

    private static final Logger log = LoggerFactory.getLogger(RoomSignals.class);

    private final KafkaTemplate<String, String> kafka;
    private final Clock clock;

    public RoomSignals(KafkaTemplate<String, String> kafka, Clock clock) {
        this.kafka = kafka;
        this.clock = clock;
    }

    public <P extends EventPayload> void send(EventType<P> type, P payload) {
        EventEnvelope<P> event = EventEnvelope.of(type, payload, clock);
        ProducerRecord<String, String> record = new ProducerRecord<>(type.topic(), event.key(), EventJson.write(event));
        record.headers().add("event-type", event.type().getBytes(StandardCharsets.UTF_8));
        record.headers().add("event-id", event.id().toString().getBytes(StandardCharsets.UTF_8));
        kafka.send(record).whenComplete((result, error) -> {
            if (error != null) {
                log.debug("Room signal {} not sent: {}", type.name(), error.toString());
            }
        });
    }
}
