package dev.lalala.defaults;

import dev.lalala.defaults.subscription.ProcessedEventStore;
import dev.lalala.defaults.subscription.SubscriptionProperties;
import dev.lalala.defaults.subscription.SubscriptionRunner;
import dev.lalala.defaults.subscription.Subscriptions;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Declared event subscriptions: a service with {@link Subscriptions} beans and Kafka gets them consumed (group =
 * {@code spring.application.name}, static member id {@link InstanceId}). Works for servlet and
 * reactive services alike, with or without a database.
 */
@AutoConfiguration(afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnClass(KafkaTemplate.class)
@ConditionalOnBean({Subscriptions.class, ConsumerFactory.class, KafkaTemplate.class})
@ConditionalOnBooleanProperty(name = "lalala.subscriptions.enabled", matchIfMissing = true)
@EnableConfigurationProperties(SubscriptionProperties.class)
public class SubscriptionsAutoConfiguration {

    @Bean
    @SuppressWarnings("unchecked")
    SubscriptionRunner subscriptionRunner(List<Subscriptions> subscriptions, ConsumerFactory<?, ?> consumers,
            KafkaTemplate<?, ?> kafka, ObjectProvider<ProcessedEventStore> store, ObjectProvider<MeterRegistry> meters,
            ObjectProvider<KafkaAdmin> admin, SubscriptionProperties properties, Environment environment) {
        String service = environment.getProperty("spring.application.name", "application");
        return new SubscriptionRunner(subscriptions, (ConsumerFactory<String, String>) consumers,
                (KafkaTemplate<String, String>) kafka, store, meters, admin, properties, service,
                instanceId(service, environment));
    }

    /** See {@link InstanceId}: {@code lalala.instance-id}, {@code lalala.kafka.instance-id} or {@code <service>-<port>}. */
    static String instanceId(String service, Environment environment) {
        return InstanceId.of(environment);
    }
}
