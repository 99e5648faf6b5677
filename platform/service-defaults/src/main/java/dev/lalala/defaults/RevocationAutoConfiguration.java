package dev.lalala.defaults;

import dev.lalala.defaults.security.SecurityProperties;
import dev.lalala.defaults.security.revocation.RevocationFeed;
import dev.lalala.defaults.security.revocation.RevokedAccounts;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.ConsumerFactory;

/**
 * Deleted accounts' tokens refused at once, in every service that has Kafka: {@link RevokedAccounts} (a token rule
 * the JWT decoders add) fed by {@link RevocationFeed}. Services without Kafka skip it
 * ({@code lalala.security.revocation.enabled=false} turns it off).
 */
@AutoConfiguration(after = ServiceDefaultsAutoConfiguration.class,
        afterName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        before = {ServletDefaultsAutoConfiguration.class, ReactiveDefaultsAutoConfiguration.class})
@ConditionalOnClass(ConsumerFactory.class)
@ConditionalOnBooleanProperty(name = "lalala.security.revocation.enabled", matchIfMissing = true)
public class RevocationAutoConfiguration {

    @Bean
    @ConditionalOnBean(ConsumerFactory.class)
    @ConditionalOnMissingBean
    RevokedAccounts revokedAccounts(SecurityProperties properties, Clock clock) {
        return new RevokedAccounts(properties.getAccessTokenLifetime().plus(properties.getClockSkew()), clock);
    }

    @Bean
    @ConditionalOnBean(ConsumerFactory.class)
    @ConditionalOnMissingBean
    RevocationFeed revocationFeed(ConsumerFactory<?, ?> consumers, RevokedAccounts revoked,
            @Value("${spring.application.name:service}") String application) {
        return new RevocationFeed(consumers.getConfigurationProperties(), application + "-revocations", revoked);
    }
}
