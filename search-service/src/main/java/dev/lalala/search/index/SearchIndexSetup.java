package dev.lalala.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
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
    private final SearchAnalysis analysis;
    private final Duration wait;

    public SearchIndexSetup(ElasticsearchClient client,
            @Value("${lalala.search.analysis:standard}") String analysis,
            @Value("${lalala.search.setup-wait:90s}") Duration wait) {
        this.client = client;
        this.analysis = SearchAnalysis.valueOf(analysis.trim().toUpperCase(Locale.ROOT));
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
                    .withJson(new StringReader(IndexDefinitions.indexTemplate(index, analysis))));
            ensureIndex(index);
        }
        client.cluster().health(h -> h
                .index(Arrays.stream(SearchIndex.values()).map(SearchIndex::alias).toList())
                .waitForStatus(HealthStatus.Yellow)
                .timeout(t -> t.time("30s")));
        log.info("Search indices in place ({} analysis, version {})", analysis.name().toLowerCase(Locale.ROOT),
                SearchIndex.VERSION);
    }

    private void ensureIndex(SearchIndex index) throws IOException {
        if (client.indices().existsAlias(a -> a.name(index.alias())).value()) {
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
