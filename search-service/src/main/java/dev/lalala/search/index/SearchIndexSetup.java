package dev.lalala.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.HealthStatus;
import java.io.IOException;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
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
 * alias does not exist yet. An alias on an older version is left there (see {@link #onAnOlderVersion}: a rebuild
 * replaces it). Idempotent, and safe when several instances start at once. Retries while
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
                // Left where it is, so search keeps answering (and the live subscriptions keep writing) there until
                // a rebuild, automatic (AutomaticRebuild) or by hand, builds the current version and moves it.
                log.warn("Alias {} points at {}, an older version than {}: it stays there until a rebuild from the "
                        + "topics replaces it", index.alias(), behind, index.versionedName());
            }
            return;
        }
        boolean currentExists = client.indices().exists(e -> e.index(index.versionedName())).value();
        Optional<String> older = currentExists ? Optional.empty() : newestOlderIndex(index);
        if (older.isPresent()) {
            // Older data but no alias (removed by hand?): answer from it rather than from a new empty index.
            client.indices().putAlias(a -> a.index(older.get()).name(index.alias()).isWriteIndex(true));
            log.warn("Alias {} was missing; put it on {}, an older version than {}, until a rebuild replaces it",
                    index.alias(), older.get(), index.versionedName());
            return;
        }
        if (!currentExists) {
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

    /** The indices whose alias names an index of an older version: what a rebuild would bring up to date. */
    public List<SearchIndex> onAnOlderVersion() throws IOException {
        List<SearchIndex> older = new ArrayList<>();
        for (SearchIndex index : SearchIndex.values()) {
            if (client.indices().existsAlias(a -> a.name(index.alias())).value()
                    && client.indices().getAlias(a -> a.name(index.alias())).result().keySet().stream()
                            .noneMatch(name -> name.startsWith(index.versionedName()))) {
                older.add(index);
            }
        }
        return older;
    }

    /** The newest index of an older version ({@code tracks_v2}, {@code tracks_v2_r<stamp>}), if any. */
    private Optional<String> newestOlderIndex(SearchIndex index) throws IOException {
        var existing = client.indices().get(g -> g.index(index.indexPattern()).allowNoIndices(true)
                .ignoreUnavailable(true)).result().keySet();
        return existing.stream()
                .filter(name -> !name.startsWith(index.versionedName()))
                .max(Comparator.comparingInt((String name) -> versionOf(index, name))
                        .thenComparing(Comparator.naturalOrder()));
    }

    private static int versionOf(SearchIndex index, String name) {
        String rest = name.substring(index.alias().length() + 2);
        int end = rest.indexOf('_');
        try {
            return Integer.parseInt(end < 0 ? rest : rest.substring(0, end));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
