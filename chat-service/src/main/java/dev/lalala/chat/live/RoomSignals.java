package dev.lalala.chat.live;

import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.EventPayload;
import dev.lalala.events.EventType;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import jakarta.annotation.PreDestroy;
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
 *
 * <p>{@code KafkaTemplate.send} blocks (up to {@code max.block.ms}) while the producer has no metadata, e.g. while
 * the broker restarts. A join must not wait on that to answer with its state, so signals leave from one sender
 * thread of their own (one thread keeps their order) with a bounded queue; when it is full a signal is dropped and
 * counted rather than held in memory.
 */
@Component
public class RoomSignals {

    private static final Logger log = LoggerFactory.getLogger(RoomSignals.class);

    private final KafkaTemplate<String, String> kafka;
    private final Clock clock;
    private final AtomicLong dropped = new AtomicLong();
    private final ThreadPoolExecutor sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(50_000), runnable -> {
                Thread thread = new Thread(runnable, "room-signals");
                thread.setDaemon(true);
                return thread;
            });

    public RoomSignals(KafkaTemplate<String, String> kafka, Clock clock) {
        this.kafka = kafka;
        this.clock = clock;
    }

    public <P extends EventPayload> void send(EventType<P> type, P payload) {
        EventEnvelope<P> event = EventEnvelope.of(type, payload, clock);
        ProducerRecord<String, String> record = new ProducerRecord<>(type.topic(), event.key(), EventJson.write(event));
        record.headers().add("event-type", event.type().getBytes(StandardCharsets.UTF_8));
        record.headers().add("event-id", event.id().toString().getBytes(StandardCharsets.UTF_8));
        try {
            sender.execute(() -> {
                try {
                    kafka.send(record).whenComplete((result, error) -> {
                        if (error != null) {
                            log.debug("Room signal {} not sent: {}", type.name(), error.toString());
                        }
                    });
                } catch (RuntimeException e) {
                    log.debug("Room signal {} not sent: {}", type.name(), e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            if (dropped.incrementAndGet() % 1_000 == 1) {
                log.warn("Room signals are backing up: {} dropped so far", dropped.get());
            }
        }
    }

    @PreDestroy
    void stop() throws InterruptedException {
        sender.shutdown();
        sender.awaitTermination(5, TimeUnit.SECONDS);
    }
}
