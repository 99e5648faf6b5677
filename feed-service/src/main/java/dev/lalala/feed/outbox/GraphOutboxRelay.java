package dev.lalala.feed.outbox;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes {@code (:OutboxEvent)} nodes to Kafka in sequence order and deletes them once Kafka acknowledged them
 * (the platform's producers are idempotent with acks=all). Woken after each commit that added events, otherwise
 * every poll interval, so events left by a crash or a Kafka outage go out as soon as Kafka is back. At least once:
 * a crash between the acknowledgement and the delete sends the batch again, which consumers' idempotence absorbs.
 * One relay per instance; with several instances an event may go out twice, never zero times.
 */
@Component
public class GraphOutboxRelay implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(GraphOutboxRelay.class);

    private static final String PENDING = """
            MATCH (o:OutboxEvent) WHERE o.seq IS NOT NULL
            RETURN o.id AS id, o.topic AS topic, o.key AS key, o.type AS type, o.payload AS payload
            ORDER BY o.seq LIMIT $batch""";

    private final Neo4jClient neo4j;
    private final KafkaTemplate<String, String> kafka;
    private final Duration pollInterval;
    private final int batchSize;
    private final Semaphore wakeups = new Semaphore(0);
    private volatile boolean running;
    private volatile Thread thread;

    public GraphOutboxRelay(Neo4jClient neo4j, KafkaTemplate<String, String> kafka,
            @Value("${lalala.feed.outbox.poll-interval:1s}") Duration pollInterval,
            @Value("${lalala.feed.outbox.batch-size:200}") int batchSize) {
        this.neo4j = neo4j;
        this.kafka = kafka;
        this.pollInterval = pollInterval;
        this.batchSize = batchSize;
    }

    public void wake() {
        if (wakeups.availablePermits() == 0) {
            wakeups.release();
        }
    }

    /** Publishes one batch; answers how many events went out. */
    public synchronized int relayOnce() {
        List<Pending> pending = List.copyOf(neo4j.query(PENDING).bind(batchSize).to("batch")
                .fetchAs(Pending.class)
                .mappedBy((types, r) -> new Pending(r.get("id").asString(), r.get("topic").asString(),
                        r.get("key").asString(), r.get("type").asString(), r.get("payload").asString()))
                .all());
        if (pending.isEmpty()) {
            return 0;
        }
        List<CompletableFuture<?>> sends = new ArrayList<>(pending.size());
        for (Pending event : pending) {
            ProducerRecord<String, String> record = new ProducerRecord<>(event.topic(), event.key(), event.payload());
            record.headers().add("event-type", event.type().getBytes(StandardCharsets.UTF_8));
            record.headers().add("event-id", event.id().getBytes(StandardCharsets.UTF_8));
            sends.add(kafka.send(record));
        }
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Kafka did not acknowledge " + pending.size() + " outbox events", e);
        }
        neo4j.query("MATCH (o:OutboxEvent) WHERE o.id IN $ids DELETE o")
                .bind(pending.stream().map(Pending::id).toList()).to("ids").run();
        return pending.size();
    }

    /** Events written and not yet acknowledged by Kafka (a test aid and an operator's question). */
    public long pendingCount() {
        return neo4j.query("MATCH (o:OutboxEvent) RETURN count(o) AS n").fetchAs(Long.class)
                .mappedBy((types, r) -> r.get("n").asLong()).one().orElse(0L);
    }

    private void loop() {
        Duration backOff = pollInterval;
        while (running) {
            try {
                if (relayOnce() >= batchSize) {
                    continue;
                }
                backOff = pollInterval;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                log.warn("Outbox relay could not publish; retrying in {} ms: {}", backOff.toMillis(), e.toString());
                backOff = backOff.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0
                        ? Duration.ofSeconds(5) : backOff.multipliedBy(2);
            }
            try {
                if (wakeups.tryAcquire(backOff.toMillis(), TimeUnit.MILLISECONDS)) {
                    wakeups.drainPermits();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void start() {
        running = true;
        Thread t = new Thread(this::loop, "graph-outbox-relay");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    @Override
    public void stop() {
        running = false;
        Thread t = thread;
        if (t != null) {
            wake();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 2048;
    }

    private record Pending(String id, String topic, String key, String type, String payload) {
    }
}
