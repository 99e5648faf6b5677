package dev.lalala.defaults.subscription;

import java.util.Collection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;

/**
 * How many events wait behind the one just handled, per partition this instance holds: the broker's end offset
 * (as of the last fetch, no extra request) minus the next offset to handle. Partitions taken away are forgotten.
 */
final class SubscriptionLag implements ConsumerAwareRebalanceListener {

    private final Map<TopicPartition, Long> lag = new ConcurrentHashMap<>();

    void handled(ConsumerRecord<?, ?> record, Consumer<?, ?> consumer) {
        TopicPartition partition = new TopicPartition(record.topic(), record.partition());
        OptionalLong behindPosition = consumer.currentLag(partition);
        if (behindPosition.isPresent()) {
            long end = consumer.position(partition) + behindPosition.getAsLong();
            lag.put(partition, Math.max(0, end - record.offset() - 1));
        }
    }

    /** The events waiting on the topic's partitions held by this instance. */
    double of(String topic) {
        return lag.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                .mapToLong(Map.Entry::getValue).sum();
    }

    @Override
    public void onPartitionsRevokedAfterCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(lag::remove);
    }

    @Override
    public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        partitions.forEach(lag::remove);
    }
}
