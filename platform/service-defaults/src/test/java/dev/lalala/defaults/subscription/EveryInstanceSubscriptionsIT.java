package dev.lalala.defaults.subscription;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.lalala.defaults.testapp.subscriptions.CacheTestApp;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.Topics;
import dev.lalala.events.Visibility;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.events.track.TrackUpdated;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.infra.test.TestInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Subscriptions of a service without a database (no JDBC on this module's classpath): handlers declared idempotent
 * by themselves, run by every instance in a group of its own.
 */
@LocalInfra(Component.KAFKA)
@SpringBootTest(classes = CacheTestApp.class, properties = {
    "spring.main.web-application-type=none",
    "spring.application.name=cache-it",
    "lalala.kafka.instance-id=cache-it-7"
})
class EveryInstanceSubscriptionsIT {

    @Autowired CacheTestApp app;
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired MeterRegistry meters;
    @Autowired SubscriptionRunner runner;

    @Test
    void eachInstanceHearsEveryEventAndRunsAnIdempotentHandlerAgainOnRedelivery() throws Exception {
        assertThat(runner.instanceId()).isEqualTo("cache-it-7");
        String group = "cache-it.cache-it-7";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.get().kafkaBootstrapServers()))) {
            // The group starts at the newest event: wait until it holds its partitions before sending.
            await().atMost(Duration.ofSeconds(60)).until(() -> !admin.describeConsumerGroups(List.of(group)).all()
                    .get().get(group).members().isEmpty());
            assertThat(admin.describeConsumerGroups(List.of(group)).all().get().get(group).members())
                    .extracting(MemberDescription::groupInstanceId).containsExactly(Optional.of("cache-it-7-0"));
        }
        UUID track = UUID.randomUUID();
        EventEnvelope<TrackUpdated> event = EventEnvelope.of(TrackEvents.TRACK_UPDATED,
                new TrackUpdated(track, UUID.randomUUID(), "Title", "pop", List.of(), null, Visibility.PUBLIC, null));
        String json = EventJson.write(event);

        kafka.send(Topics.TRACK_EVENTS, event.key(), json).get();
        kafka.send(Topics.TRACK_EVENTS, event.key(), json).get();

        await().atMost(Duration.ofSeconds(60))
                .until(() -> app.evicted.stream().filter(track::equals).count() == 2);
        assertThat(meters.find(SubscriptionRunner.EVENTS_METRIC).tag("handler", "TrackUpdated")
                .tag("outcome", "applied").counter().count()).isGreaterThanOrEqualTo(2);
    }
}
