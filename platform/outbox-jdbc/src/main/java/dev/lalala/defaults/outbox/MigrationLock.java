package dev.lalala.defaults.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Runs a schema migration while holding a MySQL/MariaDB named lock for the database, so that instances of one
 * service starting together migrate one after the other.
 *
 * <p>Why: Flyway's own lock is taken only after it has looked at the history table. Two instances starting on an
 * empty database with {@code baselineOnMigrate} both find no history; one creates the table, and the other then finds
 * it "exists, and is empty" and refuses to start (seen in CI with two chat-service instances). Holding this lock
 * across the whole migration leaves the second instance a finished history to read.
 */
public final class MigrationLock {

    /** How long an instance waits for another's migration before giving up (and failing its start). */
    static final Duration WAIT = Duration.ofMinutes(5);

    private MigrationLock() {
    }

    /** Runs {@code migration} under the database's migration lock, taken on a connection of its own. */
    public static void around(DataSource dataSource, Runnable migration) {
        try (Connection connection = dataSource.getConnection()) {
            String name = lockName(connection.getCatalog());
            acquire(connection, name);
            try {
                migration.run();
            } finally {
                release(connection, name);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not take the schema migration lock: " + e.getMessage(), e);
        }
    }

    /** One lock per database (named locks are server-wide); MySQL caps a lock name at 64 characters. */
    static String lockName(String database) {
        String name = "lalala.migrate." + (database == null ? "" : database);
        return name.length() <= 64 ? name : name.substring(0, 64);
    }

    private static void acquire(Connection connection, String name) throws SQLException {
        try (PreparedStatement get = connection.prepareStatement("SELECT GET_LOCK(?, ?)")) {
            get.setString(1, name);
            get.setLong(2, WAIT.toSeconds());
            try (ResultSet result = get.executeQuery()) {
                result.next();
                if (result.getInt(1) != 1) {
                    throw new IllegalStateException("another instance held the schema migration lock '" + name
                            + "' for over " + WAIT.toSeconds() + " s");
                }
            }
        }
    }

    private static void release(Connection connection, String name) throws SQLException {
        try (PreparedStatement release = connection.prepareStatement("SELECT RELEASE_LOCK(?)")) {
            release.setString(1, name);
            release.executeQuery().close();
        }
    }
}
