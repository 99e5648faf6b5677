package dev.lalala.defaults.kafka;

import dev.lalala.events.MalformedEventException;
import org.apache.kafka.common.TopicPartition;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What a consumer does with an event its handler cannot apply: retry with back-off (the offset is not committed
 * meanwhile, so a crash in between loses nothing), then park the event on {@code <topic>.DLT} so it is kept for
 * a person to look at instead of blocking the partition forever. Garbage goes to the DLT at once.
 */
public final class KafkaConsumerErrors {

    private KafkaConsumerErrors() {
    }

    public static DefaultErrorHandler errorHandler(KafkaOperations<?, ?> template) {
        DeadLetterPublishingRecoverer recoverer = new DeadLetterPublishingRecoverer(template,
                (record, e) -> new TopicPartition(record.topic() + ".DLT", -1));
        ExponentialBackOff backOff = new ExponentialBackOff(200, 2.0);
        backOff.setMaxInterval(5_000);
        backOff.setMaxElapsedTime(30_000);
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        handler.addNotRetryableExceptions(MalformedEventException.class, IllegalArgumentException.class);
        return handler;
    }
}
