package dev.lalala.streaming.play;

import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.play.PlayEvents;
import dev.lalala.events.play.PlayVerified;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import jakarta.annotation.PreDestroy;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * Sends PlayVerified straight to Kafka with service-defaults' producer (idempotent, acks=all): this service has no
 * database, so there is no outbox; the producer retries until its delivery timeout, and a play whose send finally
 * fails is logged and lost (a missed count, never a double one). The record key is the track id.
 */
@Component
public class PlayPublisher {

    private static final Logger log = LoggerFactory.getLogger(PlayPublisher.class);

    private final KafkaTemplate<String, String> kafka;
    private final Clock clock;
    private final Counter verified;
    private final Counter failed;
    private final Scheduler sender = Schedulers.newBoundedElastic(2, 100_000, "play-publisher", 60, true);

    public PlayPublisher(KafkaTemplate<String, String> kafka, Clock clock, MeterRegistry registry) {
        this.kafka = kafka;
        this.clock = clock;
        this.verified = Counter.builder("lalala.stream.plays.verified").description("PlayVerified events sent")
                .register(registry);
        this.failed = Counter.builder("lalala.stream.plays.failed").description("PlayVerified events that could not be sent")
                .register(registry);
    }

    public void publish(PlayVerified play) {
        EventEnvelope<PlayVerified> envelope = EventEnvelope.of(PlayEvents.PLAY_VERIFIED, play, clock);
        ProducerRecord<String, String> record = new ProducerRecord<>(envelope.topic(), envelope.key(),
                EventJson.write(envelope));
        record.headers().add("event-type", envelope.type().getBytes(StandardCharsets.UTF_8));
        record.headers().add("event-id", envelope.id().toString().getBytes(StandardCharsets.UTF_8));
        // send() may block (up to max.block.ms) while the producer has no metadata, e.g. Kafka is down: never on
        // an event loop, and not on the shared bounded-elastic pool either, which blob reads need meanwhile.
        sender.schedule(() -> {
            try {
                kafka.send(record).whenComplete((result, error) -> {
                    if (error == null) {
                        verified.increment();
                    } else {
                        failed(play, error);
                    }
                });
            } catch (RuntimeException e) {
                failed(play, e);
            }
        });
    }

    @PreDestroy
    void stop() {
        sender.dispose();
    }

    private void failed(PlayVerified play, Throwable error) {
        failed.increment();
        log.error("could not publish PlayVerified {} of track {}", play.playId(), play.trackId(), error);
    }
}
