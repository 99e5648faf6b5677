package dev.lalala.search.indexing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.lalala.search.index.SearchIndex;
import dev.lalala.search.index.SearchIndexSetup;
import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * After an upgrade that bumped {@link SearchIndex#VERSION}: once the service is ready (answering from the old
 * indices, which {@link SearchIndexSetup} leaves behind the aliases), rebuilds the current version from the topics in
 * the background with {@link IndexRebuilder}, which swaps the aliases when done. Several instances starting at once
 * take turns on the {@link RebuildLock}: one rebuilds, the others wait and, once the aliases name the current
 * version, have nothing left to do. Off with {@code lalala.search.auto-rebuild=false} (then rebuild by hand).
 */
@Component
@ConditionalOnBooleanProperty(name = "lalala.search.auto-rebuild", matchIfMissing = true)
public class AutomaticRebuild {

    private static final Logger log = LoggerFactory.getLogger(AutomaticRebuild.class);
    /** After a failed rebuild: a whole replay of the topics, so not at once. */
    private static final Duration AFTER_FAILURE = Duration.ofMinutes(1);

    private final SearchIndexSetup setup;
    private final IndexRebuilder rebuilder;
    private final RebuildLock lock;
    private final ElasticsearchClient client;
    private final Duration lockRetry;
    private volatile Thread worker;

    public AutomaticRebuild(SearchIndexSetup setup, IndexRebuilder rebuilder, RebuildLock lock,
            ElasticsearchClient client, @Value("${lalala.search.auto-rebuild-retry:10s}") Duration lockRetry) {
        this.setup = setup;
        this.rebuilder = rebuilder;
        this.lock = lock;
        this.client = client;
        this.lockRetry = lockRetry;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void startIfAnAliasIsOnAnOlderVersion() {
        try {
            List<SearchIndex> older = setup.onAnOlderVersion();
            if (older.isEmpty()) {
                return;
            }
            log.info("Automatic rebuild starting in the background: {} name an older version than {} ({} documents);"
                    + " search answers from them meanwhile", older, SearchIndex.VERSION, counts(Targets.LIVE));
        } catch (IOException | RuntimeException e) {
            // Not a reason to fail a ready service: the worker checks again, under the lock, whether it is needed.
            log.warn("Automatic rebuild: could not tell whether an alias names an older version ({}); the "
                    + "background rebuild checks again", e.toString());
        }
        worker = Thread.ofVirtual().name("search-auto-rebuild").start(this::rebuildWhenTheLockIsFree);
    }

    /** The current worker, for tests that wait for it. */
    public Optional<Thread> worker() {
        return Optional.ofNullable(worker);
    }

    private void rebuildWhenTheLockIsFree() {
        boolean saidItWaits = false;
        while (!Thread.currentThread().isInterrupted()) {
            Duration pause = lockRetry;
            try {
                Optional<RebuildLock.Lease> lease = lock.tryAcquire();
                if (lease.isPresent()) {
                    try (RebuildLock.Lease held = lease.get()) {
                        // Checked under the lock: another instance may have finished just before we took it.
                        if (setup.onAnOlderVersion().isEmpty()) {
                            log.info("Automatic rebuild not needed (any more): every alias names version {}",
                                    SearchIndex.VERSION);
                            return;
                        }
                        IndexRebuilder.Report report = rebuilder.rebuild(held);
                        log.info("Automatic rebuild done in {}: {} events replayed into {} ({} documents)",
                                report.took(), report.events(), report.indices(), counts(report.indices()));
                        return;
                    }
                }
                if (!saidItWaits) {
                    // Once: a rebuild elsewhere may take long, and this looks again every lockRetry.
                    log.info("Automatic rebuild waits: another rebuild holds the lock ({}); looking again every {}",
                            lock.holder().orElse(Map.of()), lockRetry);
                    saidItWaits = true;
                }
            } catch (Exception e) {
                if (Thread.currentThread().isInterrupted()) {
                    return;
                }
                log.error("Automatic rebuild failed; trying again in {}", AFTER_FAILURE, e);
                pause = AFTER_FAILURE;
            }
            try {
                Thread.sleep(pause);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private Map<String, Long> counts(Targets indices) throws IOException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (SearchIndex index : SearchIndex.values()) {
            String name = indices.of(index);
            counts.put(name, client.count(c -> c.index(name)).count());
        }
        return counts;
    }

    /** On shutdown a rebuild in progress is abandoned; the next start begins a new one (the old indices stay). */
    @PreDestroy
    void stop() throws InterruptedException {
        Thread running = worker;
        if (running != null) {
            running.interrupt();
            running.join(Duration.ofSeconds(10));
        }
    }
}
