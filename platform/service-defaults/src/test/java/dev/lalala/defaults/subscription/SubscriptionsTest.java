package dev.lalala.defaults.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.events.EventPayload;
import dev.lalala.events.Topics;
import dev.lalala.events.play.PlayVerified;
import dev.lalala.events.track.TrackDeleted;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

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

    private static SubscriptionRunner runner(Subscriptions subscriptions) {
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        return new SubscriptionRunner(List.of(subscriptions), null, null,
                beans.getBeanProvider(ProcessedEventStore.class),
                beans.getBeanProvider(io.micrometer.core.instrument.MeterRegistry.class),
                beans.getBeanProvider(org.springframework.kafka.core.KafkaAdmin.class),
                new SubscriptionProperties(), "test-service", "test-service-1");
    }
}
