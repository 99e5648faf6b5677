package dev.lalala.search.indexing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.mapping.DynamicMapping;
import co.elastic.clients.elasticsearch.core.GetResponse;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.elasticsearch.client.ResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * One rebuild at a time across every instance and the manual command: a document in Elasticsearch
 * ({@value #INDEX}/{@value #ID}), taken with create-only semantics (a second taker gets a conflict). The holder
 * renews its {@code heartbeatAt} every {@link #HEARTBEAT}; a lock not renewed for {@link #STALE} belongs to an
 * instance that died mid-rebuild and may be taken over (conditionally on the version read, so only one taker wins).
 * Staleness compares one host's clock with another's: a skew well under {@link #STALE} is assumed.
 */
@Component
public class RebuildLock {

    public static final String INDEX = "search-rebuild-lock";
    static final String ID = "rebuild";
    static final Duration HEARTBEAT = Duration.ofSeconds(20);
    static final Duration STALE = Duration.ofMinutes(2);

    private static final Logger log = LoggerFactory.getLogger(RebuildLock.class);

    private final ElasticsearchClient client;
    private final String owner;

    public RebuildLock(ElasticsearchClient client) {
        this.client = client;
        this.owner = hostName() + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** The lock, or empty while another holder renews it. */
    public Optional<Lease> tryAcquire() throws IOException {
        ensureIndex();
        long now = System.currentTimeMillis();
        Map<String, Object> held = Map.of("owner", owner, "startedAt", now, "heartbeatAt", now);
        try {
            var created = client.create(c -> c.index(INDEX).id(ID).document(held));
            return Optional.of(new Lease(now, created.seqNo(), created.primaryTerm()));
        } catch (IOException | ElasticsearchException e) {
            if (!isConflict(e)) {
                throw e;
            }
        }
        GetResponse<Map> current = client.get(g -> g.index(INDEX).id(ID), Map.class);
        if (!current.found()) {
            return Optional.empty(); // released just now: the next attempt takes it
        }
        if (current.source().get("heartbeatAt") instanceof Number beat && now - beat.longValue() < STALE.toMillis()) {
            return Optional.empty();
        }
        try {
            var taken = client.index(i -> i.index(INDEX).id(ID).document(held)
                    .ifSeqNo(current.seqNo()).ifPrimaryTerm(current.primaryTerm()));
            log.warn("Took over the rebuild lock from {}, not renewed for {}", current.source().get("owner"), STALE);
            return Optional.of(new Lease(now, taken.seqNo(), taken.primaryTerm()));
        } catch (IOException | ElasticsearchException e) {
            if (!isConflict(e)) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /** A 409: the client reports it as either, depending on the endpoint (create: the low-level exception). */
    static boolean isConflict(Exception e) {
        return e instanceof ElasticsearchException es && es.status() == 409
                || e instanceof ResponseException re && re.getResponse().getStatusLine().getStatusCode() == 409;
    }

    /** Who holds the lock, for logs: its document, or empty. */
    public Optional<Map<?, ?>> holder() throws IOException {
        ensureIndex();
        GetResponse<Map> current = client.get(g -> g.index(INDEX).id(ID), Map.class);
        return current.found() ? Optional.of(current.source()) : Optional.empty();
    }

    private void ensureIndex() throws IOException {
        if (client.indices().exists(e -> e.index(INDEX)).value()) {
            return;
        }
        try {
            client.indices().create(c -> c.index(INDEX)
                    .settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                    .mappings(m -> m.dynamic(DynamicMapping.False)));
        } catch (ElasticsearchException e) {
            if (!"resource_already_exists_exception".equals(e.error().type())) {
                throw e;
            }
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown-host";
        }
    }

    /** A held lock: renewed in the background until closed, then deleted (if it is still this holder's). */
    public final class Lease implements AutoCloseable {

        private final long startedAt;
        private long seqNo;
        private long primaryTerm;
        private final Thread heartbeat;

        private Lease(long startedAt, long seqNo, long primaryTerm) {
            this.startedAt = startedAt;
            this.seqNo = seqNo;
            this.primaryTerm = primaryTerm;
            this.heartbeat = Thread.ofVirtual().name("search-rebuild-lock-heartbeat").start(this::renewUntilClosed);
        }

        private void renewUntilClosed() {
            try {
                while (true) {
                    Thread.sleep(HEARTBEAT);
                    renew();
                }
            } catch (InterruptedException e) {
                // closed
            }
        }

        private synchronized void renew() {
            try {
                Map<String, Object> doc = Map.of("owner", owner, "startedAt", startedAt,
                        "heartbeatAt", System.currentTimeMillis());
                var renewed = client.index(i -> i.index(INDEX).id(ID).document(doc)
                        .ifSeqNo(seqNo).ifPrimaryTerm(primaryTerm));
                seqNo = renewed.seqNo();
                primaryTerm = renewed.primaryTerm();
            } catch (IOException | ElasticsearchException e) {
                // A lost lock (409: taken over after missed heartbeats) cannot stop a rebuild half way; say so.
                log.warn("Could not renew the rebuild lock: {}", e.toString());
            }
        }

        @Override
        public void close() {
            heartbeat.interrupt();
            try {
                heartbeat.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (this) {
                try {
                    client.delete(d -> d.index(INDEX).id(ID).ifSeqNo(seqNo).ifPrimaryTerm(primaryTerm));
                } catch (IOException | ElasticsearchException e) {
                    log.warn("Could not release the rebuild lock: {}", e.toString());
                }
            }
        }
    }
}
