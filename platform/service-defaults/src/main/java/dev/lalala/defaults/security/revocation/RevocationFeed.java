package dev.lalala.defaults.security.revocation;

import dev.lalala.events.EventJson;
import dev.lalala.events.Topics;
import dev.lalala.events.user.UserDeleted;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Feeds {@link RevokedAccounts} from {@code user.events}: a broadcast consumer, so every instance of every service
 * sees every deletion. It joins no consumer group (it assigns itself all partitions and commits nothing) and starts
 * at the first record written after {@code now - (access-token lifetime + skew)}: deletions before that concern
 * tokens that have expired anyway. When Kafka is not reachable it keeps retrying in the background; the service
 * starts regardless (a deleted account's token then keeps working until the feed catches up or the token expires).
 */
public class RevocationFeed implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(RevocationFeed.class);
    private static final Duration RETRY = Duration.ofSeconds(2);

    private final Map<String, Object> consumerConfig;
    private final RevokedAccounts revoked;
    private final String topic;
    private volatile KafkaConsumer<String, String> consumer;
    private volatile Thread thread;
    private volatile boolean running;
    private volatile boolean caughtUp;

    /** @param baseConfig the service's consumer settings (bootstrap servers, security); group settings are dropped */
    public RevocationFeed(Map<String, Object> baseConfig, String clientId, RevokedAccounts revoked) {
        this(baseConfig, clientId, revoked, Topics.USER_EVENTS);
    }

    RevocationFeed(Map<String, Object> baseConfig, String clientId, RevokedAccounts revoked, String topic) {
        Map<String, Object> config = new HashMap<>(baseConfig);
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.remove(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        this.consumerConfig = config;
        this.revoked = revoked;
        this.topic = topic;
    }

    /** Whether the feed has read up to the end of the topic once since it started. */
    public boolean caughtUp() {
        return caughtUp;
    }

    @Override
    public void start() {
        running = true;
        thread = Thread.ofPlatform().daemon().name("revocation-feed").start(this::run);
    }

    @Override
    public void stop() {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        Thread t = thread;
        if (t != null) {
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

    private void run() {
        while (running) {
            try (KafkaConsumer<String, String> c = new KafkaConsumer<>(consumerConfig)) {
                consumer = c;
                if (!assignFromHorizon(c)) {
                    sleep(RETRY);
                    continue;
                }
                while (running) {
                    for (ConsumerRecord<String, String> record : c.poll(Duration.ofSeconds(1))) {
                        apply(record.value());
                    }
                    if (!caughtUp && c.assignment().stream().allMatch(p -> c.currentLag(p).orElse(1) == 0)) {
                        caughtUp = true;
                    }
                }
            } catch (WakeupException e) {
                // stopping
            } catch (RuntimeException e) {
                if (running) {
                    log.warn("revocation feed: {}; retrying", e.toString());
                    sleep(RETRY);
                }
            } finally {
                consumer = null;
            }
        }
    }

    /** Assigns every partition, each positioned at the horizon. False when the topic is not there (yet). */
    private boolean assignFromHorizon(KafkaConsumer<String, String> c) {
        List<PartitionInfo> infos = c.partitionsFor(topic);
        if (infos == null || infos.isEmpty()) {
            return false;
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        c.assign(partitions);
        long from = revoked.horizon().toEpochMilli();
        Map<TopicPartition, Long> query = new HashMap<>();
        partitions.forEach(p -> query.put(p, from));
        Map<TopicPartition, OffsetAndTimestamp> offsets = c.offsetsForTimes(query);
        for (TopicPartition p : partitions) {
            OffsetAndTimestamp at = offsets.get(p);
            if (at == null) {
                // Nothing written since the horizon: only what comes next matters.
                c.seekToEnd(List.of(p));
            } else {
                c.seek(p, at.offset());
            }
        }
        return true;
    }

    void apply(String json) {
        if (json == null) {
            return;
        }
        try {
            EventJson.readIfKnown(json).ifPresent(event -> {
                if (event.payload() instanceof UserDeleted deleted) {
                    revoked.revoke(deleted.userId().toString(), deleted.deletedAt());
                }
            });
        } catch (RuntimeException e) {
            log.debug("revocation feed: skipping an unreadable record: {}", e.toString());
        }
    }

    private void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
