package dev.lalala.defaults.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Whether the broker answers, checked in the background every {@code interval} (one long-lived admin client, a
 * short timeout) so that a health request answers at once from the last check, even while the broker is away: a
 * readiness probe that waited out Kafka's timeouts would itself time out and hide which component is missing.
 * Part of readiness in every service with Kafka (ServiceDefaultsEnvironmentPostProcessor): without the broker no
 * event moves (writes still commit to the outbox and go out once it is back), so the fleet shows it degraded, with
 * the broker named.
 */
public class KafkaHealthIndicator implements HealthIndicator, DisposableBean {

    private final KafkaAdmin admin;
    private final Duration interval;
    private final Duration timeout;
    private volatile Health last;
    private volatile AdminClient client;
    private volatile ScheduledExecutorService checker;

    public KafkaHealthIndicator(KafkaAdmin admin) {
        this(admin, Duration.ofSeconds(3), Duration.ofSeconds(2));
    }

    public KafkaHealthIndicator(KafkaAdmin admin, Duration interval, Duration timeout) {
        this.admin = admin;
        this.interval = interval;
        this.timeout = timeout;
    }

    @Override
    public Health health() {
        Health current = last;
        if (current == null) {
            synchronized (this) {
                if (last == null) {
                    last = check();
                    checker = Executors.newSingleThreadScheduledExecutor(
                            Thread.ofPlatform().name("kafka-health").daemon().factory());
                    checker.scheduleWithFixedDelay(() -> last = check(), interval.toMillis(), interval.toMillis(),
                            TimeUnit.MILLISECONDS);
                }
                current = last;
            }
        }
        return current;
    }

    /** One check now (also what the background task runs). */
    Health check() {
        Instant at = Instant.now();
        try {
            var cluster = client().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeout.toMillis()));
            String clusterId = cluster.clusterId().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS);
            int nodes = cluster.nodes().get(timeout.toMillis() + 500, TimeUnit.MILLISECONDS).size();
            return Health.up().withDetail("clusterId", clusterId).withDetail("nodes", nodes)
                    .withDetail("checkedAt", at.toString()).build();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return Health.down().withDetail("error", "Kafka is not reachable (" + e.getClass().getSimpleName() + ")")
                    .withDetail("checkedAt", at.toString()).build();
        }
    }

    private AdminClient client() {
        AdminClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    Map<String, Object> config = new HashMap<>(admin.getConfigurationProperties());
                    config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
                    config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
                    config.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "health");
                    client = AdminClient.create(config);
                }
                c = client;
            }
        }
        return c;
    }

    @Override
    public void destroy() {
        ScheduledExecutorService s = checker;
        if (s != null) {
            s.shutdownNow();
        }
        AdminClient c = client;
        if (c != null) {
            c.close(Duration.ofSeconds(1));
        }
    }
}
