package dev.lalala.chat.room;

import dev.lalala.defaults.jdbc.Db;
import dev.lalala.defaults.paging.CursorPage;
import dev.lalala.defaults.paging.TimeIdCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/** A room's chat history (table room_message), newest first, keyset paged by (sent_at, id). */
@Repository
public class MessageRepository {

    private final JdbcTemplate jdbc;

    public MessageRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(RoomMessage m) {
        jdbc.update("""
                INSERT INTO room_message (id, room_id, user_id, text, track_id, position_ms, sent_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""", m.id().toString(), m.roomId().toString(), m.from().toString(),
                m.text(), m.trackId() == null ? null : m.trackId().toString(), m.positionMs(), Db.utc(m.sentAt()));
    }

    public CursorPage<RoomMessage> page(UUID room, int limit, TimeIdCursor after) {
        List<RoomMessage> rows = after == null
                ? jdbc.query("""
                        SELECT * FROM room_message WHERE room_id = ?
                        ORDER BY sent_at DESC, id DESC LIMIT ?""", MessageRepository::message, room.toString(),
                        limit + 1)
                : jdbc.query("""
                        SELECT * FROM room_message
                        WHERE room_id = ? AND (sent_at < ? OR (sent_at = ? AND id < ?))
                        ORDER BY sent_at DESC, id DESC LIMIT ?""", MessageRepository::message, room.toString(),
                        Db.utc(after.at()), Db.utc(after.at()), after.id().toString(), limit + 1);
        return CursorPage.of(rows, limit, m -> new TimeIdCursor(m.sentAt(), m.id()).encode());
    }

    static RoomMessage message(ResultSet rs, int row) throws SQLException {
        String track = rs.getString("track_id");
        long position = rs.getLong("position_ms");
        return new RoomMessage(UUID.fromString(rs.getString("id")), UUID.fromString(rs.getString("room_id")),
                UUID.fromString(rs.getString("user_id")), rs.getString("text"),
                track == null ? null : UUID.fromString(track), rs.wasNull() ? null : position,
                Db.instant(rs, "sent_at"));
    }
}
