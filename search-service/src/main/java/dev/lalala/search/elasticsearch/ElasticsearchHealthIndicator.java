package dev.lalala.search.elasticsearch;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import co.elastic.clients.elasticsearch.cluster.HealthResponse;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.stereotype.Component;

/**
 * Elasticsearch in health and readiness (as {@code elasticsearch}): UP while the cluster is green or yellow (yellow:
 * every primary shard is there, some replica is not, which a single node always is when indices have replicas),
 * DOWN when red or unreachable.
 */
@Component("elasticsearchHealthIndicator")
public class ElasticsearchHealthIndicator extends AbstractHealthIndicator {

    private final ElasticsearchClient client;

    public ElasticsearchHealthIndicator(ElasticsearchClient client) {
        super("Elasticsearch is not reachable");
        this.client = client;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws Exception {
        HealthResponse health = client.cluster().health(h -> h.timeout(t -> t.time("2s")));
        if (health.status() == HealthStatus.Red) {
            builder.down();
        } else {
            builder.up();
        }
        builder.withDetail("clusterName", health.clusterName())
                .withDetail("status", health.status().jsonValue())
                .withDetail("numberOfNodes", health.numberOfNodes())
                .withDetail("activeShardsPercent", health.activeShardsPercentAsNumber());
    }
}
