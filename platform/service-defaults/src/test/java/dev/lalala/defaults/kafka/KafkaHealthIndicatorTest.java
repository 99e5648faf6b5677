package dev.lalala.defaults.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.kafka.core.KafkaAdmin;

/** With no broker at the address: DOWN, and a health request answers at once from the last background check. */
class KafkaHealthIndicatorTest {

    @Test
    void aMissingBrokerIsDownAndHealthAnswersWithoutWaitingForKafka() throws Exception {
        int deadPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        KafkaAdmin admin = new KafkaAdmin(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + deadPort));
        KafkaHealthIndicator indicator = new KafkaHealthIndicator(admin, Duration.ofMillis(300), Duration.ofMillis(800));
        try {
            Health first = indicator.health();
            assertThat(first.getStatus()).isEqualTo(Status.DOWN);
            assertThat(first.getDetails().get("error").toString()).contains("Kafka is not reachable");

            long start = System.nanoTime();
            for (int i = 0; i < 20; i++) {
                assertThat(indicator.health().getStatus()).isEqualTo(Status.DOWN);
            }
            // Twenty answers in less time than one broker timeout: served from the background check.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        } finally {
            indicator.destroy();
        }
    }
}
