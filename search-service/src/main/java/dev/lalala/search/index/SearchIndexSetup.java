package dev.lalala.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * At startup, before the service reports ready: puts the index templates (so every version of an index gets the
 * settings and mappings of {@link IndexDefinitions}), then creates each versioned index behind its alias where the
 * alias does not exist yet. Idempotent, and safe when several instances start at once. Retries while
 * Elasticsearch is still starting, up to {@code lalala.search.setup-wait}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
public class SearchIndexSetup implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(SearchIndexSetup.class);

    private final ElasticsearchClient client;
    private final Duration wait;

    public SearchIndexSetup(ElasticsearchClient client,
            @Value("${lalala.search.setup-wait:90s}") Duration wait) {
        this.client = client;
        this.wait = wait;
    }

    @Override
    public void run(ApplicationArguments args) throws Exception {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                apply();
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                log.warn("Elasticsearch is not reachable yet ({}); retrying", e.toString());
                Thread.sleep(1_000);
            }
        }
    }

    public void apply() throws IOException {
        for (SearchIndex index : SearchIndex.values()) {
            client.indices().putIndexTemplate(t -> t.name(index.templateName())
                    .withJson(new StringReader(IndexDefinitions.indexTemplate(index))));
            ensureIndex(index);
        }
        client.cluster().health(h -> h
                .index(Arrays.stream(SearchIndex.values()).map(SearchIndex::alias).toList())
                .waitForStatus(HealthStatus.Yellow)
                .timeout(t -> t.time("30s")));
        ensureProcessedEventsIndex();
        log.info("Search indices in place (version {})", SearchIndex.VERSION);
    }

    private void ensureProcessedEventsIndex() throws IOException {
        if (client.indices().exists(e -> e.index(ProcessedEvents.INDEX)).value()) {
            return;
        }
        try {
            client.indices().create(c -> c.index(ProcessedEvents.INDEX)
                    .settings(st -> st.numberOfShards("1").numberOfReplicas("0"))
                    .mappings(m -> m.dynamic(co.elastic.clients.elasticsearch._types.mapping.DynamicMapping.False)));
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    private void ensureIndex(SearchIndex index) throws IOException {
        if (client.indices().existsAlias(a -> a.name(index.alias())).value()) {
            var behind = client.indices().getAlias(a -> a.name(index.alias())).result().keySet();
            if (behind.stream().noneMatch(name -> name.startsWith(index.versionedName()))) {
                // Mappings of an older version: a new, empty index takes the alias; rebuild it from the topics
                // (docs/search.md, "Rebuilding").
                log.warn("Alias {} points at {} (an older version); moving it to a new {}: rebuild the index "
                        + "from the topics to fill it", index.alias(), behind, index.versionedName());
                if (!client.indices().exists(e -> e.index(index.versionedName())).value()) {
                    client.indices().create(c -> c.index(index.versionedName()));
                }
                client.indices().updateAliases(u -> {
                    behind.forEach(old -> u.actions(a -> a.remove(r -> r.index(old).alias(index.alias()))));
                    return u.actions(a -> a.add(ad -> ad.index(index.versionedName()).alias(index.alias())
                            .isWriteIndex(true)));
                });
            }
            return;
        }
        if (!client.indices().exists(e -> e.index(index.versionedName())).value()) {
            try {
                client.indices().create(c -> c.index(index.versionedName())
                        .aliases(index.alias(), a -> a.isWriteIndex(true)));
                log.info("Created index {} behind alias {}", index.versionedName(), index.alias());
                return;
            } catch (ElasticsearchException e) {
                // Another instance created it between our check and our create: make sure of the alias below.
                if (!"resource_already_exists_exception".equals(e.error().type())) {
                    throw e;
                }
            }
        }
        client.indices().putAlias(a -> a.index(index.versionedName()).name(index.alias()).isWriteIndex(true));
    }
}
