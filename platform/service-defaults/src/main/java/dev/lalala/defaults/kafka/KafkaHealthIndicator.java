package dev.lalala.defaults.kafka;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Whether the broker answers. Shown in health, not part of readiness: thanks to the outbox a service keeps
 * taking writes while Kafka is away, and publishes once it is back.
 */
public class KafkaHealthIndicator extends AbstractHealthIndicator {

    private final KafkaAdmin admin;

    public KafkaHealthIndicator(KafkaAdmin admin) {
        super("Kafka is not reachable");
        this.admin = admin;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        Map<String, Object> config = new java.util.HashMap<>(admin.getConfigurationProperties());
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5_000);
        try (AdminClient client = AdminClient.create(config)) {
            var cluster = client.describeCluster(new DescribeClusterOptions().timeoutMs(5_000));
            String clusterId = cluster.clusterId().get(6, TimeUnit.SECONDS);
            int nodes = cluster.nodes().get(6, TimeUnit.SECONDS).size();
            builder.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes);
        }
    }
}
