package dev.lalala.defaults;

import dev.lalala.defaults.kafka.KafkaConsumerErrors;
import dev.lalala.defaults.kafka.KafkaHealthIndicator;
import dev.lalala.defaults.kafka.KafkaProducerDefaults;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;

/** Idempotent, acks=all producers; retrying consumers with a dead-letter topic; Kafka in health. */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaTemplate.class)
public class KafkaDefaultsAutoConfiguration {

    @Bean
    KafkaProducerDefaults kafkaProducerDefaults() {
        return new KafkaProducerDefaults();
    }

    @Bean
    @ConditionalOnBean(KafkaTemplate.class)
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    CommonErrorHandler kafkaConsumerErrorHandler(KafkaTemplate<?, ?> template) {
        return KafkaConsumerErrors.errorHandler(template);
    }

    @Bean(name = "kafkaHealthIndicator")
    @ConditionalOnBean(KafkaAdmin.class)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnMissingBean(name = "kafkaHealthIndicator")
    KafkaHealthIndicator kafkaHealthIndicator(KafkaAdmin admin) {
        return new KafkaHealthIndicator(admin);
    }
}
