package dev.lalala.defaults.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.infra.Component;
import dev.lalala.infra.Infrastructure;
import dev.lalala.infra.test.LocalInfra;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * Instances of one service starting together on an empty MariaDB database: each runs the service's Flyway migration
 * (baseline on migrate, as chat-service has it) and then the platform's, the way the fleet starts two chat-service
 * instances. Without {@link MigrationLock} one of the two saw the other's history table "exists, and is empty" and
 * failed to start.
 */
@LocalInfra(Component.MARIADB)
class MigrationLockIT {

    private static final int ROUNDS = 12;
    private static final int INSTANCES = 3;

    @Test
    void instancesStartingTogetherOnAnEmptyDatabaseAllMigrate(Infrastructure infra) throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            String database = "migrate_race_" + round;
            infra.ensureDatabases(List.of(database));
            CyclicBarrier together = new CyclicBarrier(INSTANCES);
            try (ExecutorService instances = Executors.newFixedThreadPool(INSTANCES)) {
                List<Future<?>> started = new ArrayList<>();
                for (int i = 0; i < INSTANCES; i++) {
                    started.add(instances.submit(() -> {
                        DataSource dataSource = dataSource(infra, database);
                        Flyway service = Flyway.configure().dataSource(dataSource).locations("classpath:db/race")
                                .baselineOnMigrate(true).baselineVersion("0").load();
                        together.await();
                        MigrationLock.around(dataSource, service::migrate);
                        new PlatformSchema(dataSource).afterPropertiesSet();
                        return null;
                    }));
                }
                for (Future<?> instance : started) {
                    instance.get(); // rethrows an instance's failed migration
                }
            }
            JdbcTemplate jdbc = new JdbcTemplate(dataSource(infra, database));
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1 AND version = '1'",
                    Integer.class)).as("round %d: the service's V1 applied once", round).isEqualTo(1);
            assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM " + PlatformSchema.HISTORY_TABLE
                    + " WHERE success = 1 AND version = '1'", Integer.class))
                    .as("round %d: the platform's V1 applied once", round).isEqualTo(1);
            assertThat(jdbc.queryForList("SHOW TABLES", String.class))
                    .contains("race_room", "outbox_event", "processed_event");
        }
    }

    @Test
    void aLockNameStaysWithinMySqlsLimit() {
        assertThat(MigrationLock.lockName("chat")).isEqualTo("lalala.migrate.chat");
        assertThat(MigrationLock.lockName("x".repeat(100))).hasSize(64);
    }

    private static DataSource dataSource(Infrastructure infra, String database) {
        return new DriverManagerDataSource(infra.mysqlJdbcUrl(database), infra.dbUser(database),
                infra.dbPassword(database));
    }
}
