package dev.lalala.defaults.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The one database helper of the MySQL/MariaDB services: timestamps are stored as {@code DATETIME(3)} in UTC,
 * whatever the JVM's or the database's time zone.
 */
public final class Db {

    private Db() {
    }

    /** Now, to the millisecond: what DATETIME(3) keeps (MySQL would round the rest, MariaDB cut it). */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** The value to bind for a DATETIME(3) column; null stays null. */
    public static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Reads a DATETIME(3) column written by {@link #utc}; null stays null. */
    public static Instant instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
