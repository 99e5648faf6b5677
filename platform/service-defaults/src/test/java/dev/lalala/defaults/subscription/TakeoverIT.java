package dev.lalala.defaults.subscription;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.defaults.testapp.takeover.TakeoverTestApp;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.Topics;
import dev.lalala.events.Visibility;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.events.track.TrackUpdated;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.TestInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.EnumSet;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Issue 20's takeover drill in one test: a service process consuming through declared subscriptions is killed with
 * SIGKILL (no goodbye to the group) and started again under the same instance id. Its partitions must be its own
 * again at once: with a 45 s session timeout here, an event sent after the restart is handled well under 10 s after
 * the new process is ready only if static membership hands the dead member's partitions straight to its successor.
 */
class TakeoverIT {

    @Test
    void aKilledInstanceRestartedUnderTheSameIdHandlesEventsAtOnce() throws Exception {
        String bootstrap = TestInfrastructure.require(EnumSet.of(Component.KAFKA), List.of()).kafkaBootstrapServers();
        String service = "takeover-it-" + UUID.randomUUID().toString().substring(0, 8);
        Path logs = Files.createTempDirectory("takeover-it");
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class))) {
            Process first = start(service, bootstrap, logs.resolve("first.log"));
            try {
                awaitLine(logs.resolve("first.log"), "TAKEOVER-APP READY", Duration.ofSeconds(120));
                UUID one = send(producer);
                awaitLine(logs.resolve("first.log"), "HANDLED " + one, Duration.ofSeconds(120));
            } finally {
                first.destroyForcibly().waitFor();
            }

            Process second = start(service, bootstrap, logs.resolve("second.log"));
            try {
                awaitLine(logs.resolve("second.log"), "TAKEOVER-APP READY", Duration.ofSeconds(120));
                long ready = System.nanoTime();
                UUID two = send(producer);
                awaitLine(logs.resolve("second.log"), "HANDLED " + two, Duration.ofSeconds(60));
                Duration after = Duration.ofNanos(System.nanoTime() - ready);
                System.out.println("takeover: event handled " + after.toMillis() + " ms after the restarted process was ready");
                assertThat(after).isLessThan(Duration.ofSeconds(10));
            } finally {
                second.destroyForcibly().waitFor();
            }
        }
    }

    private static UUID send(KafkaProducer<String, String> producer) throws Exception {
        UUID track = UUID.randomUUID();
        EventEnvelope<TrackUpdated> event = EventEnvelope.of(TrackEvents.TRACK_UPDATED,
                new TrackUpdated(track, UUID.randomUUID(), "Title", "pop", List.of(), null, Visibility.PUBLIC, null));
        producer.send(new ProducerRecord<>(Topics.TRACK_EVENTS, event.key(), EventJson.write(event))).get();
        return track;
    }

    private static Process start(String service, String bootstrap, Path log) throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), TakeoverTestApp.class.getName(),
                "--spring.main.web-application-type=none",
                "--spring.application.name=" + service,
                "--lalala.instance-id=" + service + "-1",
                "--spring.kafka.bootstrap-servers=" + bootstrap,
                "--lalala.subscriptions.session-timeout=45s"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void awaitLine(Path log, String line, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!(Files.exists(log) && Files.readString(log).contains(line))) {
            assertThat(System.nanoTime()).as("'" + line + "' in " + log).isLessThan(deadline);
            Thread.sleep(50);
        }
    }
}
