package dev.lalala.user;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/** Timestamps are stored as DATETIME(3) in UTC, whatever the JVM's time zone. */
public final class Db {

    private Db() {
    }

    /** Now, to the millisecond: what DATETIME(3) keeps (MySQL would round the rest, MariaDB cut it). */
    public static Instant now(java.time.Clock clock) {
        return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
    }

    public static LocalDateTime utc(Instant instant) {
        return instant == null ? null : LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }
}
