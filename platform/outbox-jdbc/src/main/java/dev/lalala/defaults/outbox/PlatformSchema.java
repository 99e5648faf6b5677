package dev.lalala.defaults.outbox;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.springframework.beans.factory.InitializingBean;

/**
 * Creates the platform's own tables (outbox_event, processed_event) in the service's database. They have their
 * own Flyway history table, so their versions never interleave with the service's migrations. Instances starting
 * together migrate one at a time ({@link MigrationLock}).
 */
public class PlatformSchema implements InitializingBean {

    public static final String HISTORY_TABLE = "platform_schema_history";

    private final DataSource dataSource;

    public PlatformSchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void afterPropertiesSet() {
        MigrationLock.around(dataSource, () -> Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/platform")
                .table(HISTORY_TABLE)
                .baselineOnMigrate(true)
                .baselineVersion("0")
                .load()
                .migrate());
    }
}
