package dev.lalala.defaults.kafka;

import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.kafka.autoconfigure.DefaultKafkaProducerFactoryCustomizer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;

/**
 * Every producer of the platform is idempotent and waits for all in-sync replicas, whatever a service's own
 * configuration says: an event acknowledged is an event kept, and a retry never writes it twice.
 */
public class KafkaProducerDefaults implements DefaultKafkaProducerFactoryCustomizer {

    public static final Map<String, Object> REQUIRED = Map.of(
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.ACKS_CONFIG, "all");

    @Override
    public void customize(DefaultKafkaProducerFactory<?, ?> producerFactory) {
        producerFactory.updateConfigs(REQUIRED);
    }
}
