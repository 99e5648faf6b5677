package dev.lalala.defaults.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.defaults.testapp.outbox.OutboxTestApp;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.Topics;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.infra.test.TestInfrastructure;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox against a real MariaDB and a real Kafka broker. */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA}, databases = "outbox_it")
@SpringBootTest(classes = OutboxTestApp.class, properties = {
    "spring.main.web-application-type=none",
    "spring.application.name=outbox-it",
    "lalala.outbox.poll-interval=200ms"
})
class OutboxIT {

    @Autowired OutboxTestApp.Tracks tracks;
    @Autowired Outbox outbox;
    @Autowired OutboxRelay relay;
    @Autowired JdbcTemplate jdbc;
    @Autowired PlatformTransactionManager transactions;
    @Autowired TraceContextCarrier traces;
    @Autowired Tracer tracer;

    KafkaConsumer<String, String> consumer;

    @BeforeEach
    void listenFromTheEnd() {
        jdbc.execute("CREATE TABLE IF NOT EXISTS deleted_track (id CHAR(36) PRIMARY KEY)");
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.get().kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "outbox-it-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class));
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.TRACK_EVENTS).stream()
                .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    @AfterEach
    void close() {
        consumer.close();
        if (!relay.isRunning()) {
            relay.start();
        }
    }

    @Test
    void aCommittedChangePublishesItsEventOnceKeyedByTheEntity() {
        UUID track = UUID.randomUUID();
        EventEnvelope<TrackDeleted> sent = tracks.delete(track, UUID.randomUUID(), false);

        List<ConsumerRecord<String, String>> received = receive(sent.id(), Duration.ofSeconds(15));

        assertThat(received).hasSize(1);
        assertThat(received.getFirst().key()).isEqualTo(track.toString());
        assertThat(EventJson.read(received.getFirst().value())).isEqualTo(sent);
        assertThat(new String(received.getFirst().headers().lastHeader("event-type").value(), StandardCharsets.UTF_8))
                .isEqualTo("TrackDeleted");
        // Marked published once the broker acknowledged it, which may be just after the consumer saw it.
        assertThat(eventually(() -> jdbc.queryForObject(
                "SELECT published_at IS NOT NULL FROM outbox_event WHERE event_id = ?", Boolean.class,
                sent.id().toString()))).isTrue();
    }

    @Test
    void aChangeThatRollsBackLeavesNeitherRowNorEvent() {
        UUID track = UUID.randomUUID();

        assertThatThrownBy(() -> tracks.delete(track, UUID.randomUUID(), true))
                .isInstanceOf(IllegalStateException.class);

        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM deleted_track WHERE id = ?", Integer.class,
                track.toString())).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM outbox_event WHERE event_key = ?", Integer.class,
                track.toString())).isZero();
        assertThat(receiveAnyFor(track, Duration.ofSeconds(3))).isEmpty();
    }

    @Test
    void publishingOutsideATransactionIsRefused() {
        assertThatThrownBy(() -> outbox.publish(TrackEvents.TRACK_DELETED,
                new TrackDeleted(UUID.randomUUID(), UUID.randomUUID())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("transaction");
    }

    @Test
    void eventsWaitWhileKafkaIsAwayAndGoOutInOrderWhenItIsBack() {
        relay.stop();
        UUID track = UUID.randomUUID();
        UUID owner = UUID.randomUUID();
        TransactionTemplate tx = new TransactionTemplate(transactions);
        List<UUID> written = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            written.add(tx.execute(s -> outbox.publish(TrackEvents.TRACK_DELETED, new TrackDeleted(track, owner)))
                    .id());
        }
        OutboxProperties quick = new OutboxProperties();
        quick.setSendTimeout(Duration.ofSeconds(2));
        KafkaTemplate<String, String> unreachable = new KafkaTemplate<>(new DefaultKafkaProducerFactory<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 1_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class)));
        OutboxRelay cutOff = new OutboxRelay(jdbc, transactions, unreachable, quick, traces, Clock.systemUTC());

        assertThatThrownBy(cutOff::relayOnce).isInstanceOf(RuntimeException.class);
        assertThat(pendingFor(track)).isEqualTo(3);

        relay.start();
        List<ConsumerRecord<String, String>> received = receiveAll(written, Duration.ofSeconds(20));
        assertThat(received).extracting(r -> EventJson.read(r.value()).id()).containsExactlyElementsOf(written);
        // The relay marks a row sent once the broker acknowledged it, which may be just after a consumer saw it.
        assertThat(eventually(() -> pendingFor(track) == 0)).isTrue();
        unreachable.destroy();
    }

    @Test
    void theRequestsTraceTravelsWithTheEvent() {
        Span span = tracer.nextSpan().name("a request").start();
        EventEnvelope<TrackDeleted> sent;
        try (Tracer.SpanInScope ignored = tracer.withSpan(span)) {
            sent = tracks.delete(UUID.randomUUID(), UUID.randomUUID(), false);
        } finally {
            span.end();
        }

        ConsumerRecord<String, String> record = receive(sent.id(), Duration.ofSeconds(15)).getFirst();

        String traceparent = new String(record.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8);
        assertThat(traceparent.split("-")[1]).isEqualTo(span.context().traceId());
    }

    private int pendingFor(UUID key) {
        return jdbc.queryForObject("SELECT COUNT(*) FROM outbox_event WHERE event_key = ? AND published_at IS NULL",
                Integer.class, key.toString());
    }

    private List<ConsumerRecord<String, String>> receive(UUID eventId, Duration timeout) {
        return receiveAll(List.of(eventId), timeout);
    }

    private List<ConsumerRecord<String, String>> receiveAll(List<UUID> eventIds, Duration timeout) {
        List<ConsumerRecord<String, String>> matching = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && matching.size() < eventIds.size()) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (eventIds.contains(EventJson.read(record.value()).id())) {
                    matching.add(record);
                }
            }
        }
        return matching;
    }

    private List<ConsumerRecord<String, String>> receiveAnyFor(UUID key, Duration timeout) {
        List<ConsumerRecord<String, String>> matching = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                if (key.toString().equals(r.key())) {
                    matching.add(r);
                }
            });
        }
        return matching;
    }

    /** Whether the condition holds within 10 s, asked every 50 ms. */
    private static boolean eventually(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return true;
    }
}
