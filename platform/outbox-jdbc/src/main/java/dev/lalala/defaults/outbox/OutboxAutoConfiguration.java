package dev.lalala.defaults.outbox;

import dev.lalala.defaults.ServiceDefaultsAutoConfiguration;
import dev.lalala.defaults.subscription.ProcessedEventStore;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The transactional outbox and the processed-event store, for services with a MySQL/MariaDB database and Kafka.
 * Comes with the {@code outbox-jdbc} module; a service without it has neither (and no JDBC at all).
 */
@AutoConfiguration(
        after = ServiceDefaultsAutoConfiguration.class,
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration",
            "org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"
        })
@ConditionalOnClass({JdbcTemplate.class, KafkaTemplate.class, org.flywaydb.core.Flyway.class})
@ConditionalOnBean({DataSource.class, KafkaTemplate.class, PlatformTransactionManager.class})
@ConditionalOnBooleanProperty(name = "lalala.outbox.enabled", matchIfMissing = true)
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

    /** After the service's own migrations: Flyway refuses a non-empty schema it has no history for. */
    @Bean
    @DependsOnDatabaseInitialization
    PlatformSchema platformSchema(DataSource dataSource) {
        return new PlatformSchema(dataSource);
    }

    /** The service's own Flyway migration, one instance at a time (see {@link MigrationLock}). */
    @Bean
    @ConditionalOnMissingBean
    FlywayMigrationStrategy lockedFlywayMigration() {
        return flyway -> MigrationLock.around(flyway.getConfiguration().getDataSource(), flyway::migrate);
    }

    @Bean
    @ConditionalOnMissingBean
    TraceContextCarrier traceContextCarrier(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new TraceContextCarrier(tracer, propagator);
    }

    @Bean
    @ConditionalOnMissingBean
    OutboxRelay outboxRelay(PlatformSchema schema, DataSource dataSource, PlatformTransactionManager transactions,
            KafkaTemplate<String, String> kafka, OutboxProperties properties, TraceContextCarrier traces,
            Clock clock) {
        return new OutboxRelay(new JdbcTemplate(dataSource), transactions, kafka, properties, traces, clock);
    }

    @Bean
    @ConditionalOnMissingBean
    Outbox outbox(PlatformSchema schema, DataSource dataSource, TraceContextCarrier traces, OutboxRelay relay,
            Clock clock) {
        return new JdbcOutbox(new JdbcTemplate(dataSource), traces, relay, clock);
    }

    /** Declared subscriptions (service-defaults) remember applied event ids here, with the handler's writes. */
    @Bean
    @ConditionalOnMissingBean(ProcessedEventStore.class)
    JdbcProcessedEventStore processedEventStore(PlatformSchema schema, DataSource dataSource,
            PlatformTransactionManager transactions, Clock clock) {
        return new JdbcProcessedEventStore(new JdbcTemplate(dataSource), transactions, clock);
    }
}
