package dev.lalala.defaults.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lalala.defaults.testapp.batches.BatchTestApp;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.Topics;
import dev.lalala.events.Visibility;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.events.track.TrackUpdated;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.infra.test.TestInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * A batch handler against a real Kafka: events before and after a poison event on the same partition are applied,
 * the poison one alone goes through the retries to the dead-letter topic, naming the handler.
 */
@LocalInfra(Component.KAFKA)
@SpringBootTest(classes = BatchTestApp.class, properties = {
    "spring.main.web-application-type=none",
    "spring.application.name=batch-it",
    "lalala.kafka.instance-id=batch-it-1",
    "spring.kafka.consumer.auto-offset-reset=earliest",
    "lalala.subscriptions.retry.initial-interval=50ms",
    "lalala.subscriptions.retry.max-retries=2"
})
class BatchSubscriptionsIT {

    static final String DEAD_LETTERS = Topics.TRACK_EVENTS + ".batch-it.dlt";

    @Autowired BatchTestApp app;
    @Autowired KafkaTemplate<String, String> kafka;

    @Test
    void aPoisonEventInARunGoesAloneToTheDeadLetterTopicAndTheOthersAreApplied() throws Exception {
        // One key, so one partition, in this order.
        String key = UUID.randomUUID().toString();
        List<EventEnvelope<TrackUpdated>> events = new ArrayList<>();
        for (String title : List.of("first", "second", "poison", "fourth", "fifth")) {
            events.add(EventEnvelope.of(TrackEvents.TRACK_UPDATED, new TrackUpdated(UUID.randomUUID(),
                    UUID.randomUUID(), title, "pop", List.of(), null, Visibility.PUBLIC, null)));
        }
        for (EventEnvelope<TrackUpdated> event : events) {
            kafka.send(Topics.TRACK_EVENTS, key, EventJson.write(event));
        }
        kafka.flush();

        List<UUID> good = events.stream().filter(e -> !e.payload().title().equals("poison"))
                .map(e -> e.payload().trackId()).toList();
        await().atMost(Duration.ofSeconds(60)).until(() -> app.applied.containsAll(good));
        UUID poison = events.get(2).payload().trackId();
        assertThat(app.applied).doesNotContain(poison);

        ConsumerRecord<String, String> dead = awaitDeadLetter(key);
        assertThat(dead.value()).isEqualTo(EventJson.write(events.get(2)));
        assertThat(new String(dead.headers().lastHeader(SubscriptionRunner.HANDLER_HEADER).value(),
                StandardCharsets.UTF_8)).isEqualTo("batch-it");
        assertThat(new String(dead.headers().lastHeader(SubscriptionRunner.FAILURE_MESSAGE_HEADER).value(),
                StandardCharsets.UTF_8)).isEqualTo("cannot take " + poison);
    }

    private static ConsumerRecord<String, String> awaitDeadLetter(String key) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class))) {
            consumer.subscribe(List.of(DEAD_LETTERS));
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> {
                    if (key.equals(r.key())) {
                        found.add(r);
                    }
                });
                return !found.isEmpty();
            });
        }
        return found.getFirst();
    }
}
