package dev.lalala.chat.room;

import dev.lalala.defaults.jdbc.Db;
import dev.lalala.defaults.paging.CursorPage;
import dev.lalala.defaults.paging.TimeIdCursor;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Rooms, their listeners and members, in MySQL/MariaDB (see db/migration). Blocking JDBC: callers on the event loop
 * go through {@code Schedulers.boundedElastic()}. Timestamps are DATETIME(3) in UTC (service-defaults' Db).
 */
@Repository
public class RoomRepository {

    /** What the live protocol reads on every frame: no listener count, which costs a scan of the room's listeners. */
    private static final String STATE_COLUMNS = """
            r.id, r.host_id, r.name, r.visibility, r.invite_key, r.created_at, r.closed_at, r.current_track_id,
            r.playback_started_at, r.position_ms, r.paused, r.queue_ids""";

    private static final String COLUMNS = STATE_COLUMNS + """
            ,
            (SELECT COUNT(*) FROM room_listener l WHERE l.room_id = r.id) AS listeners""";

    private final JdbcTemplate jdbc;

    public RoomRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(UUID id, UUID host, String name, RoomVisibility visibility, UUID inviteKey, Instant now) {
        jdbc.update("""
                INSERT INTO room (id, host_id, name, visibility, invite_key, created_at, paused)
                VALUES (?, ?, ?, ?, ?, ?, TRUE)""", id.toString(), host.toString(), name, visibility.name(),
                inviteKey == null ? null : inviteKey.toString(), Db.utc(now));
    }

    public Optional<Room> find(UUID id, long serverNow) {
        return jdbc.query("SELECT " + COLUMNS + " FROM room r WHERE r.id = ?", (rs, n) -> room(rs, serverNow),
                id.toString()).stream().findFirst();
    }

    /** The live state of a room; {@code forUpdate} locks the row until the transaction ends. */
    public Optional<RoomState> state(UUID id, boolean forUpdate) {
        return jdbc.query("SELECT " + STATE_COLUMNS + " FROM room r WHERE r.id = ?" + (forUpdate ? " FOR UPDATE" : ""),
                (rs, n) -> state(rs), id.toString()).stream().findFirst();
    }

    public int openRoomsHostedBy(UUID host) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM room WHERE host_id = ? AND closed_at IS NULL",
                Integer.class, host.toString());
        return count == null ? 0 : count;
    }

    /** Open public rooms, newest first. */
    public CursorPage<Room> openPublicRooms(int limit, TimeIdCursor after, long serverNow) {
        List<Room> rows = after == null
                ? jdbc.query("SELECT " + COLUMNS + """
                         FROM room r WHERE r.visibility = 'PUBLIC' AND r.closed_at IS NULL
                        ORDER BY r.created_at DESC, r.id DESC LIMIT ?""", (rs, n) -> room(rs, serverNow), limit + 1)
                : jdbc.query("SELECT " + COLUMNS + """
                         FROM room r
                        WHERE r.visibility = 'PUBLIC' AND r.closed_at IS NULL
                          AND (r.created_at < ? OR (r.created_at = ? AND r.id < ?))
                        ORDER BY r.created_at DESC, r.id DESC LIMIT ?""", (rs, n) -> room(rs, serverNow),
                        Db.utc(after.at()), Db.utc(after.at()), after.id().toString(), limit + 1);
        return CursorPage.of(rows, limit, room -> new TimeIdCursor(room.createdAt(), room.id()).encode());
    }

    public void rename(UUID id, String name, RoomVisibility visibility, UUID inviteKey) {
        jdbc.update("UPDATE room SET name = ?, visibility = ?, invite_key = ? WHERE id = ?", name, visibility.name(),
                inviteKey == null ? null : inviteKey.toString(), id.toString());
    }

    public void close(UUID id, Instant now) {
        jdbc.update("UPDATE room SET closed_at = ? WHERE id = ? AND closed_at IS NULL", Db.utc(now), id.toString());
        jdbc.update("DELETE FROM room_listener WHERE room_id = ?", id.toString());
    }

    /**
     * Stores a room's playback; {@code endsAt} is when the playing song ends (null while paused or when its length is
     * unknown). Every change bumps the playback version.
     */
    public void savePlayback(UUID id, RoomState state, Instant endsAt) {
        jdbc.update("""
                UPDATE room SET current_track_id = ?, current_segment = ?, playback_started_at = ?, position_ms = ?,
                                paused = ?, queue_ids = ?, playback_changed_at = ?, track_ends_at = ?,
                                version = version + 1
                WHERE id = ?""",
                state.trackId() == null ? null : state.trackId().toString(),
                state.trackId() == null ? null : (int) (state.positionMs() / 5000),
                state.trackId() == null ? null : Db.utc(Instant.ofEpochMilli(state.startedAt())),
                state.trackId() == null ? null : state.positionMs(), state.paused(),
                state.queue().stream().map(UUID::toString).collect(Collectors.joining(",")),
                Db.utc(Instant.now()), endsAt == null ? null : Db.utc(endsAt), id.toString());
    }

    /** A room whose song has ended, with its playback version when seen. */
    public record Due(UUID id, long version) {
    }

    /** Open rooms whose playing song has ended by {@code now}, longest overdue first. Not locked. */
    public List<Due> songEnded(Instant now, int limit) {
        return jdbc.query("""
                SELECT id, version FROM room
                WHERE track_ends_at <= ? AND closed_at IS NULL AND NOT paused
                ORDER BY track_ends_at LIMIT ?""", (rs, n) -> new Due(UUID.fromString(rs.getString("id")),
                rs.getLong("version")), Db.utc(now), limit);
    }

    /**
     * Locks the room if it is still as seen: same playback version, song ended, open, playing. A locking read sees
     * the newest committed row, so when two instances race for one room the second waits for the first's commit,
     * then finds the version moved on and leaves the room alone.
     */
    public boolean lockIfStillEnded(Due due, Instant now) {
        return !jdbc.queryForList("""
                SELECT id FROM room
                WHERE id = ? AND version = ? AND track_ends_at <= ? AND closed_at IS NULL AND NOT paused
                FOR UPDATE""", String.class, due.id().toString(), due.version(), Db.utc(now)).isEmpty();
    }

    public void setHost(UUID id, UUID host) {
        jdbc.update("UPDATE room SET host_id = ? WHERE id = ?", host.toString(), id.toString());
    }

    // ---- listeners and members ----

    public void addListener(UUID room, UUID session, UUID user, String instance, Instant now) {
        jdbc.update("INSERT INTO room_listener (room_id, session_id, user_id, instance, joined_at) VALUES (?, ?, ?, ?, ?)",
                room.toString(), session.toString(), user.toString(), instance, Db.utc(now));
        jdbc.update("""
                INSERT INTO room_member (room_id, user_id, joined_at) VALUES (?, ?, ?)
                ON DUPLICATE KEY UPDATE room_id = room_id""", room.toString(), user.toString(), Db.utc(now));
    }

    /** @return whether the socket was in the room */
    public boolean removeListener(UUID room, UUID session) {
        return jdbc.update("DELETE FROM room_listener WHERE room_id = ? AND session_id = ?", room.toString(),
                session.toString()) > 0;
    }

    public int removeUser(UUID room, UUID user) {
        return jdbc.update("DELETE FROM room_listener WHERE room_id = ? AND user_id = ?", room.toString(),
                user.toString());
    }

    /** Forgets the sockets an instance had (they died with it). */
    public int forgetInstance(String instance) {
        return jdbc.update("DELETE FROM room_listener WHERE instance = ?", instance);
    }

    public int listeners(UUID room) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM room_listener WHERE room_id = ?", Integer.class,
                room.toString());
        return count == null ? 0 : count;
    }

    public boolean isListening(UUID room, UUID user) {
        Integer count = jdbc.queryForObject("SELECT COUNT(*) FROM room_listener WHERE room_id = ? AND user_id = ?",
                Integer.class, room.toString(), user.toString());
        return count != null && count > 0;
    }

    /** The user who has listened longest, other than {@code except}: the next host. */
    public Optional<UUID> longestListener(UUID room, UUID except) {
        return jdbc.queryForList("""
                SELECT user_id FROM room_listener WHERE room_id = ? AND user_id <> ?
                ORDER BY joined_at, session_id LIMIT 1""", String.class, room.toString(), except.toString())
                .stream().findFirst().map(UUID::fromString);
    }

    public record Member(boolean muted, boolean removed) {
    }

    public Optional<Member> member(UUID room, UUID user) {
        return jdbc.query("SELECT muted, removed FROM room_member WHERE room_id = ? AND user_id = ?",
                (rs, n) -> new Member(rs.getBoolean("muted"), rs.getBoolean("removed")), room.toString(),
                user.toString()).stream().findFirst();
    }

    public List<UUID> muted(UUID room) {
        return jdbc.queryForList("SELECT user_id FROM room_member WHERE room_id = ? AND muted = TRUE", String.class,
                room.toString()).stream().map(UUID::fromString).toList();
    }

    public void setMember(UUID room, UUID user, boolean muted, boolean removed, Instant now) {
        jdbc.update("""
                INSERT INTO room_member (room_id, user_id, muted, removed, joined_at) VALUES (?, ?, ?, ?, ?)
                ON DUPLICATE KEY UPDATE muted = VALUES(muted), removed = VALUES(removed)""",
                room.toString(), user.toString(), muted, removed, Db.utc(now));
    }

    // ---- mapping ----

    static RoomState state(ResultSet rs) throws SQLException {
        String track = rs.getString("current_track_id");
        Instant started = Db.instant(rs, "playback_started_at");
        long position = rs.getLong("position_ms");
        String key = rs.getString("invite_key");
        String queue = rs.getString("queue_ids");
        List<UUID> ids = queue == null || queue.isEmpty() ? List.of()
                : Arrays.stream(queue.split(",")).map(UUID::fromString).toList();
        return new RoomState(UUID.fromString(rs.getString("id")), UUID.fromString(rs.getString("host_id")),
                RoomVisibility.valueOf(rs.getString("visibility")), key == null ? null : UUID.fromString(key),
                rs.getObject("closed_at") != null, track == null ? null : UUID.fromString(track),
                started == null ? 0 : started.toEpochMilli(), position, rs.getBoolean("paused"), ids);
    }

    static Room room(ResultSet rs, long serverNow) throws SQLException {
        RoomState state = state(rs);
        return new Room(state.id(), state.hostId(), rs.getString("name"), state.visibility(),
                Db.instant(rs, "created_at"), Db.instant(rs, "closed_at"),
                state.trackId() == null && state.queue().isEmpty() ? null : state.playback(serverNow),
                rs.getInt("listeners"), state.inviteKey());
    }
}
