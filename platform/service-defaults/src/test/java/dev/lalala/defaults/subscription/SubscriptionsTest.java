package dev.lalala.defaults.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.EventPayload;
import dev.lalala.events.Topics;
import dev.lalala.events.play.PlayEvents;
import dev.lalala.events.play.PlayVerified;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;

class SubscriptionsTest {

    @Test
    void aHandlerSubscribesToTheTopicOfItsEventType() {
        Subscriptions subscriptions = Subscriptions.create()
                .on(PlayVerified.class, play -> { })
                .onIdempotent(TrackDeleted.class, "forget", deleted -> { });

        assertThat(subscriptions.list()).extracting(Subscriptions.Subscription::topic)
                .containsExactly(Topics.PLAY_EVENTS, Topics.TRACK_EVENTS);
        assertThat(subscriptions.list()).extracting(Subscriptions.Subscription::name)
                .containsExactly("PlayVerified", "forget");
        assertThat(subscriptions.list()).extracting(Subscriptions.Subscription::idempotentByItself)
                .containsExactly(false, true);
    }

    @Test
    void anIdempotentEnvelopeHandlerGetsTheEnvelopeAndNeedsNoStore() {
        java.util.concurrent.atomic.AtomicReference<dev.lalala.events.EventEnvelope<TrackDeleted>> seen =
                new java.util.concurrent.atomic.AtomicReference<>();
        Subscriptions subscriptions = Subscriptions.everyInstance()
                .onIdempotentEnvelope(TrackDeleted.class, seen::set);
        Subscriptions.Subscription<?> only = subscriptions.list().getFirst();
        assertThat(only.idempotentByItself()).isTrue();
        assertThat(only.name()).isEqualTo("TrackDeleted");
        dev.lalala.events.EventEnvelope<TrackDeleted> event = dev.lalala.events.EventEnvelope.of(
                dev.lalala.events.track.TrackEvents.TRACK_DELETED,
                new TrackDeleted(java.util.UUID.randomUUID(), java.util.UUID.randomUUID()));
        only.handle(event);
        assertThat(seen.get()).isSameAs(event);
    }

    @Test
    void onlyRegisteredEventTypesAndNamedHandlers() {
        record NotAnEvent(String eventKey) implements EventPayload {
        }
        assertThatThrownBy(() -> Subscriptions.create().on(NotAnEvent.class, e -> { }))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no registered event type");
        assertThatThrownBy(() -> Subscriptions.create().on(PlayVerified.class, " ", e -> { }))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void twoHandlersOfOneNameAreRefused() {
        Subscriptions subscriptions = Subscriptions.create()
                .on(PlayVerified.class, play -> { })
                .on(PlayVerified.class, play -> { });

        assertThatThrownBy(() -> runner(subscriptions)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("PlayVerified");
    }

    @Test
    void aHandlerThatIsNotIdempotentByItselfNeedsAStore() {
        SubscriptionRunner runner = runner(Subscriptions.create().on(PlayVerified.class, play -> { }));

        assertThatThrownBy(runner::start).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ProcessedEventStore");
        runner.stop();
    }

    @Test
    void theLagIsWhatWaitsBehindTheEventJustHandled() {
        TopicPartition partition = new TopicPartition(Topics.TRACK_EVENTS, 0);
        MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        consumer.assign(List.of(partition));
        consumer.updateBeginningOffsets(Map.of(partition, 0L));
        consumer.updateEndOffsets(Map.of(partition, 10L));
        consumer.seek(partition, 4);
        SubscriptionLag lag = new SubscriptionLag();
        assertThat(consumer.currentLag(partition)).isEqualTo(OptionalLong.of(6));

        // Handled offset 2 while the consumer has fetched up to 4: 3..9 wait, seven events.
        lag.handled(new ConsumerRecord<>(Topics.TRACK_EVENTS, 0, 2, "k", "v"), consumer);
        assertThat(lag.of(Topics.TRACK_EVENTS)).isEqualTo(7);
        assertThat(lag.of(Topics.PLAY_EVENTS)).isZero();

        lag.onPartitionsRevokedAfterCommit(consumer, List.of(partition));
        assertThat(lag.of(Topics.TRACK_EVENTS)).isZero();
    }

    @Test
    void aBatchHandlerTakesRunsOfItsEventsInOrderAndOtherHandlersEndARun() {
        List<String> calls = new ArrayList<>();
        Subscriptions subscriptions = Subscriptions.create()
                .onBatch("documents", List.of(TrackDeleted.class), events -> calls.add("batch " + events.stream()
                        .map(e -> ((TrackDeleted) e.payload()).trackId().toString().substring(0, 4)).toList()))
                .onIdempotent(PlayVerified.class, play -> calls.add("play " + play.trackId().toString().substring(0, 4)));
        Records records = new Records();
        records.deleted("aaaa").deleted("bbbb").nothing().play("cccc").deleted("dddd").nothing();

        listener(subscriptions).onMessage(records.list, records.consumer);

        assertThat(calls).containsExactly("batch [aaaa, bbbb]", "play cccc", "batch [dddd]");
    }

    @Test
    void aFailingRunIsTriedOneEventAtATimeAndTheFailureNamesTheRecordItFailedOn() {
        List<Integer> sizes = new ArrayList<>();
        Records records = new Records();
        records.deleted("aaaa").deleted("bad0").deleted("cccc");
        Subscriptions subscriptions = Subscriptions.create().onBatch("documents", List.of(TrackDeleted.class),
                events -> {
                    sizes.add(events.size());
                    if (events.stream().anyMatch(e -> ((TrackDeleted) e.payload()).trackId().toString()
                            .startsWith("bad0"))) {
                        throw new IllegalStateException("no");
                    }
                });

        assertThatThrownBy(() -> listener(subscriptions).onMessage(records.list, records.consumer))
                .isInstanceOfSatisfying(BatchListenerFailedException.class, e -> {
                    assertThat(e.getRecord()).isSameAs(records.list.get(1));
                    assertThat(e.getCause()).isInstanceOf(SubscriptionHandlerException.class);
                    assertThat(((SubscriptionHandlerException) e.getCause()).handler()).isEqualTo("documents");
                });
        // The run of three, then one at a time up to the one that fails (the first again: the handler allows it).
        assertThat(sizes).containsExactly(3, 1, 1);
    }

    @Test
    void oneBatchHandlerPerEventType() {
        Subscriptions subscriptions = Subscriptions.create()
                .onBatch("one", List.of(TrackDeleted.class), events -> { })
                .onBatch("two", List.of(TrackDeleted.class, PlayVerified.class), events -> { });

        assertThatThrownBy(() -> runner(subscriptions)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("TrackDeleted");
        assertThat(subscriptions.batches().get(1).topics()).containsExactlyInAnyOrder(Topics.TRACK_EVENTS,
                Topics.PLAY_EVENTS);
    }

    private static SubscriptionRunner.BatchListener listener(Subscriptions subscriptions) {
        return runner(subscriptions).new BatchListener(subscriptions.list(), subscriptions.batches(),
                new SubscriptionLag());
    }

    /** Records on one partition of track.events and one of play.events, as a poll returns them. */
    private static final class Records {

        final List<ConsumerRecord<String, String>> list = new ArrayList<>();
        final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
        private final AtomicLong offset = new AtomicLong();

        Records() {
            List<TopicPartition> partitions = List.of(new TopicPartition(Topics.TRACK_EVENTS, 0),
                    new TopicPartition(Topics.PLAY_EVENTS, 0));
            consumer.assign(partitions);
            consumer.updateBeginningOffsets(Map.of(partitions.get(0), 0L, partitions.get(1), 0L));
            consumer.updateEndOffsets(Map.of(partitions.get(0), 100L, partitions.get(1), 100L));
        }

        Records deleted(String idPrefix) {
            return add(Topics.TRACK_EVENTS, EventJson.write(EventEnvelope.of(TrackEvents.TRACK_DELETED,
                    new TrackDeleted(id(idPrefix), UUID.randomUUID()))));
        }

        Records play(String idPrefix) {
            return add(Topics.PLAY_EVENTS, EventJson.write(EventEnvelope.of(PlayEvents.PLAY_VERIFIED,
                    new PlayVerified(UUID.randomUUID(), id(idPrefix), UUID.randomUUID(), 30_000, Instant.now(),
                            Instant.now()))));
        }

        /** A record without a value (a tombstone on the topic): no event for anyone. */
        Records nothing() {
            return add(Topics.TRACK_EVENTS, null);
        }

        private Records add(String topic, String value) {
            list.add(new ConsumerRecord<>(topic, 0, offset.getAndIncrement(), "k", value));
            return this;
        }

        private static UUID id(String prefix) {
            return UUID.fromString(prefix + UUID.randomUUID().toString().substring(4));
        }
    }

    private static SubscriptionRunner runner(Subscriptions subscriptions) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        return new SubscriptionRunner(List.of(subscriptions), null, null,
                beans.getBeanProvider(ProcessedEventStore.class),
                beans.getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class),
                beans.getBeanProvider(org.springframework.kafka.core.KafkaAdmin.class),
                new SubscriptionProperties(), "test-service", "test-service-1");
    }
}
