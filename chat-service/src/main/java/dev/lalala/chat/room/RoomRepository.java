package dev.lalala.chat.room;

import dev.lalala.defaults.paging.TimeIdCursor;
import dev.lalala.defaults.paging.CursorPage;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Rooms in MySQL/MariaDB, table {@code room} (see db/migration). Blocking JDBC: callers on the event loop wrap it
 * in {@code Mono.fromCallable(...).subscribeOn(Schedulers.boundedElastic())}. Timestamps are DATETIME(3) in UTC,
 * read and written as UTC LocalDateTime so that no JVM or session time zone ever shifts them.
 */
@Repository
public class RoomRepository {

    private static final String COLUMNS = """
            id, host_id, name, created_at, closed_at,
            current_track_id, current_segment, playback_started_at, paused""";

    private final JdbcTemplate jdbc;

    public RoomRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Room> find(UUID id) {
        return jdbc.query("SELECT " + COLUMNS + " FROM room WHERE id = ?", RoomRepository::room, id.toString())
                .stream().findFirst();
    }

    /** Open rooms, newest first. */
    public CursorPage<Room> openRooms(int limit, TimeIdCursor after) {
        List<Room> rows = after == null
                ? jdbc.query("SELECT " + COLUMNS + """
                         FROM room WHERE closed_at IS NULL
                        ORDER BY created_at DESC, id DESC LIMIT ?""", RoomRepository::room, limit + 1)
                : jdbc.query("SELECT " + COLUMNS + """
                         FROM room
                        WHERE closed_at IS NULL
                          AND (created_at < ? OR (created_at = ? AND id < ?))
                        ORDER BY created_at DESC, id DESC LIMIT ?""", RoomRepository::room,
                        utc(after.at()), utc(after.at()), after.id().toString(), limit + 1);
        return CursorPage.of(rows, limit, room -> new TimeIdCursor(room.createdAt(), room.id()).encode());
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        LocalDateTime value = rs.getObject(column, LocalDateTime.class);
        return value == null ? null : value.toInstant(ZoneOffset.UTC);
    }

    static Room room(ResultSet rs, int row) throws SQLException {
        String track = rs.getString("current_track_id");
        Instant started = instant(rs, "playback_started_at");
        Playback playback = track == null || started == null ? null
                : new Playback(UUID.fromString(track), rs.getInt("current_segment"), started.toEpochMilli(),
                        rs.getBoolean("paused"));
        return new Room(UUID.fromString(rs.getString("id")), UUID.fromString(rs.getString("host_id")),
                rs.getString("name"), instant(rs, "created_at"), instant(rs, "closed_at"), playback);
    }
}
