package dev.lalala.defaults.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.lalala.defaults.testapp.outbox.OutboxTestApp;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.infra.test.TestInfrastructure;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;

/** At-least-once delivery made exactly-once in effect, against real MariaDB and Kafka. */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA}, databases = "outbox_it")
@SpringBootTest(classes = OutboxTestApp.class, properties = {
    "spring.main.web-application-type=none",
    "spring.application.name=outbox-it",
    "lalala.outbox.poll-interval=200ms"
})
class JdbcProcessedEventStoreIT {

    @Autowired JdbcProcessedEventStore processed;
    @Autowired OutboxTestApp.FlakyConsumer flaky;
    @Autowired KafkaTemplate<String, String> kafka;

    @Test
    void anEventAppliedTwiceTakesEffectOnce() {
        UUID event = UUID.randomUUID();
        AtomicInteger effects = new AtomicInteger();

        assertThat(processed.applyOnce("counter", event, effects::incrementAndGet)).isTrue();
        assertThat(processed.applyOnce("counter", event, effects::incrementAndGet)).isFalse();

        assertThat(effects).hasValue(1);
        assertThat(processed.applyOnce("another-consumer", event, effects::incrementAndGet)).isTrue();
    }

    @Test
    void aHandlerThatFailsLeavesNoTraceSoTheRetryApplies() {
        UUID event = UUID.randomUUID();

        assertThatThrownBy(() -> processed.applyOnce("counter", event, () -> {
            throw new IllegalStateException("crashed halfway");
        })).isInstanceOf(IllegalStateException.class);

        assertThat(processed.alreadyApplied("counter", event)).isFalse();
        assertThat(processed.applyOnce("counter", event, () -> { })).isTrue();
    }

    @Test
    void concurrentRedeliveriesApplyOnce() throws Exception {
        UUID event = UUID.randomUUID();
        AtomicInteger effects = new AtomicInteger();
        Callable<Boolean> apply = () -> processed.applyOnce("counter", event, () -> {
            effects.incrementAndGet();
            sleep(200);
        });
        try (ExecutorService pool = Executors.newFixedThreadPool(4)) {
            List<Boolean> results = pool.invokeAll(List.of(apply, apply, apply, apply)).stream()
                    .map(f -> {
                        try {
                            return f.get();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }).toList();
            assertThat(results).containsOnlyOnce(true);
        }
        assertThat(effects).hasValue(1);
    }

    @Test
    void aKafkaConsumerRetriesAFailingHandlerAndIgnoresTheRedelivery() throws Exception {
        int attemptsBefore = flaky.attempts.get();
        flaky.failuresLeft.set(2);
        EventEnvelope<TrackDeleted> event = EventEnvelope.of(TrackEvents.TRACK_DELETED,
                new TrackDeleted(UUID.randomUUID(), UUID.randomUUID()));
        String json = EventJson.write(event);

        kafka.send(OutboxTestApp.LISTENED_TOPIC, event.key(), json).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> flaky.applied.contains(event.id()));
        int attemptsForFirstDelivery = flaky.attempts.get() - attemptsBefore;

        kafka.send(OutboxTestApp.LISTENED_TOPIC, event.key(), json).get();
        UUID marker = sendMarker();
        await().atMost(Duration.ofSeconds(30)).until(() -> flaky.applied.contains(marker));

        assertThat(attemptsForFirstDelivery).as("two failures, then success").isEqualTo(3);
        assertThat(flaky.applied.stream().filter(event.id()::equals)).hasSize(1);
    }

    @Test
    void garbageGoesToTheDeadLetterTopicAndDoesNotBlockThePartition() throws Exception {
        String key = "garbage-" + UUID.randomUUID();
        kafka.send(OutboxTestApp.LISTENED_TOPIC, key, "this is not an event").get();
        UUID marker = sendMarker();

        await().atMost(Duration.ofSeconds(30)).until(() -> flaky.applied.contains(marker));
        try (KafkaConsumer<String, String> dlt = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            dlt.subscribe(List.of(OutboxTestApp.LISTENED_TOPIC + ".DLT"));
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (var record : dlt.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        return true;
                    }
                }
                return false;
            });
        }
    }

    private UUID sendMarker() throws Exception {
        flaky.failuresLeft.set(0);
        EventEnvelope<TrackDeleted> marker = EventEnvelope.of(TrackEvents.TRACK_DELETED,
                new TrackDeleted(UUID.randomUUID(), UUID.randomUUID()));
        kafka.send(OutboxTestApp.LISTENED_TOPIC, marker.key(), EventJson.write(marker)).get();
        return marker.id();
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
