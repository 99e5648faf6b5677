package dev.lalala.defaults.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lalala.defaults.outbox.JdbcProcessedEventStore;
import dev.lalala.defaults.testapp.subscriptions.SubscriptionTestApp;
import dev.lalala.defaults.testapp.subscriptions.SubscriptionTestApp.DeletedTracks;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.Topics;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.infra.test.TestInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;

/** Declared subscriptions on a real Kafka broker and MariaDB: once per event id, retries, dead letters, metrics. */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA}, databases = "subscriptions_it")
@SpringBootTest(classes = SubscriptionTestApp.class, properties = {
    "spring.main.web-application-type=none",
    "spring.application.name=subscriptions-it",
    "lalala.kafka.instance-id=subscriptions-it-1",
    "lalala.subscriptions.retry.initial-interval=50ms",
    "lalala.subscriptions.retry.max-retries=2"
})
class SubscriptionsIT {

    static final String HANDLER = SubscriptionTestApp.HANDLER;
    static final String DEAD_LETTERS = Topics.TRACK_EVENTS + ".subscriptions-it.dlt";

    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired DeletedTracks tracks;
    @Autowired JdbcTemplate jdbc;
    @Autowired JdbcProcessedEventStore store;
    @Autowired MeterRegistry meters;
    @Autowired SubscriptionRunner runner;

    @Test
    void aRedeliveredEventIsAppliedOnce() throws Exception {
        UUID track = watch();
        EventEnvelope<TrackDeleted> event = deleted(track);
        double duplicatesBefore = count("duplicate");

        send(event);
        send(event);
        send(event);
        EventEnvelope<TrackDeleted> marker = deleted(track);
        send(marker);
        awaitApplied(marker);

        assertThat(effects(event)).isEqualTo(1);
        assertThat(tracks.attempts.get(track)).hasValue(2);
        assertThat(count("duplicate") - duplicatesBefore).isEqualTo(2);
        assertThat(store.alreadyApplied(HANDLER, event.id())).isTrue();
    }

    @Test
    void aFailingHandlerLeavesNeitherItsWritesNorTheIdAndTheRetryApplies() throws Exception {
        UUID track = watch();
        tracks.failuresLeft.put(track, new AtomicInteger(2));
        EventEnvelope<TrackDeleted> event = deleted(track);
        double failedBefore = count("failed");
        double appliedBefore = count("applied");

        send(event);
        awaitApplied(event);

        assertThat(tracks.attempts.get(track)).as("two failures, then success").hasValue(3);
        assertThat(effects(event)).as("the failed attempts' writes rolled back with the id").isEqualTo(1);
        assertThat(count("failed") - failedBefore).isEqualTo(2);
        assertThat(count("applied") - appliedBefore).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aPoisonEventLandsOnTheDeadLetterTopicWithItsFailureAndDoesNotBlockThePartition() throws Exception {
        UUID track = watch();
        tracks.poison.add(track);
        EventEnvelope<TrackDeleted> poison = deleted(track);
        double deadBefore = count("dead-lettered");

        send(poison);
        ConsumerRecord<String, String> dead = awaitDeadLetter(poison.key());

        assertThat(header(dead, SubscriptionRunner.HANDLER_HEADER)).isEqualTo(HANDLER);
        assertThat(header(dead, SubscriptionRunner.FAILURE_HEADER)).isEqualTo(IllegalStateException.class.getName());
        assertThat(header(dead, SubscriptionRunner.FAILURE_MESSAGE_HEADER)).isEqualTo("cannot delete " + track);
        assertThat(dead.value()).isEqualTo(EventJson.write(poison));
        assertThat(tracks.attempts.get(track)).as("the first attempt and two retries").hasValue(3);
        assertThat(effects(poison)).isZero();
        assertThat(store.alreadyApplied(HANDLER, poison.id())).isFalse();
        assertThat(count("dead-lettered") - deadBefore).isEqualTo(1);

        tracks.poison.remove(track);
        EventEnvelope<TrackDeleted> next = deleted(track);
        send(next);
        awaitApplied(next);
    }

    @Test
    void garbageGoesToTheDeadLetterTopicAtOnceAndUnknownTypesAreSkipped() throws Exception {
        String garbageKey = "garbage-" + UUID.randomUUID();
        kafka.send(Topics.TRACK_EVENTS, garbageKey, "this is not an event").get();
        UUID track = watch();
        String unknownKey = track.toString();
        kafka.send(Topics.TRACK_EVENTS, unknownKey, """
                {"id":"%s","type":"TrackRemixed","version":1,"occurredAt":"2026-12-06T20:00:00Z","key":"%s",
                 "payload":{"trackId":"%s"}}""".formatted(UUID.randomUUID(), unknownKey, track)).get();
        // Behind it on the same partition: applied only once the unknown one was passed by.
        EventEnvelope<TrackDeleted> after = deleted(track);
        send(after);

        ConsumerRecord<String, String> dead = awaitDeadLetter(garbageKey);
        assertThat(header(dead, SubscriptionRunner.FAILURE_HEADER))
                .isEqualTo(dev.lalala.events.MalformedEventException.class.getName());
        assertThat(header(dead, SubscriptionRunner.HANDLER_HEADER)).isEqualTo("-");
        awaitApplied(after);
        assertThat(deadLetterKeys()).doesNotContain(unknownKey);
    }

    @Test
    void theGroupIsTheServiceWithAStaticMemberAndTheLagIsMeasuredPerHandler() throws Exception {
        UUID track = watch();
        EventEnvelope<TrackDeleted> event = deleted(track);
        send(event);
        awaitApplied(event);

        assertThat(runner.groupId()).isEqualTo("subscriptions-it");
        assertThat(runner.instanceId()).isEqualTo("subscriptions-it-1");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().kafkaBootstrapServers()))) {
            ConsumerGroupDescription group = admin.describeConsumerGroups(List.of("subscriptions-it")).all().get()
                    .get("subscriptions-it");
            assertThat(group.members()).extracting(MemberDescription::groupInstanceId)
                    .containsExactly(java.util.Optional.of("subscriptions-it-1-0"));
        }
        Gauge lag = meters.find(SubscriptionRunner.LAG_METRIC).tag("handler", HANDLER).gauge();
        assertThat(lag).isNotNull();
        await().atMost(Duration.ofSeconds(30)).until(() -> lag.value() == 0.0);
    }

    private UUID watch() {
        UUID track = UUID.randomUUID();
        tracks.watched.add(track);
        return track;
    }

    private static EventEnvelope<TrackDeleted> deleted(UUID track) {
        return EventEnvelope.of(TrackEvents.TRACK_DELETED, new TrackDeleted(track, UUID.randomUUID()));
    }

    private void send(EventEnvelope<TrackDeleted> event) throws Exception {
        kafka.send(Topics.TRACK_EVENTS, event.key(), EventJson.write(event)).get();
    }

    private void awaitApplied(EventEnvelope<TrackDeleted> event) {
        await().atMost(Duration.ofSeconds(60)).until(() -> store.alreadyApplied(HANDLER, event.id()));
    }

    private int effects(EventEnvelope<TrackDeleted> event) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM subscription_effect WHERE event_id = ?", Integer.class,
                event.id().toString());
    }

    private double count(String outcome) {
        Counter counter = meters.find(SubscriptionRunner.EVENTS_METRIC).tag("handler", HANDLER)
                .tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private ConsumerRecord<String, String> awaitDeadLetter(String key) {
        AtomicReference<ConsumerRecord<String, String>> found = new AtomicReference<>();
        try (KafkaConsumer<String, String> consumer = deadLetterReader()) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (key.equals(record.key())) {
                        found.set(record);
                    }
                }
                return found.get() != null;
            });
        }
        return found.get();
    }

    private List<String> deadLetterKeys() {
        List<String> keys = new java.util.ArrayList<>();
        try (KafkaConsumer<String, String> consumer = deadLetterReader()) {
            long end = System.currentTimeMillis() + 3_000;
            while (System.currentTimeMillis() < end) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> keys.add(r.key()));
            }
        }
        return keys;
    }

    private static KafkaConsumer<String, String> deadLetterReader() {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "dlt-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        consumer.subscribe(List.of(DEAD_LETTERS));
        return consumer;
    }
}
