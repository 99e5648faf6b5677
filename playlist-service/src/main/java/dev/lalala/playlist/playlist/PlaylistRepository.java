package dev.lalala.playlist.playlist;

import dev.lalala.defaults.paging.TimeIdCursor;
import static dev.lalala.defaults.jdbc.Db.instant;
import static dev.lalala.defaults.jdbc.Db.utc;

import dev.lalala.events.Visibility;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code playlist} and {@code playlist_item} tables, items joined with {@code track_summary}. */
@Repository
public class PlaylistRepository {

    private static final String COLUMNS = """
            p.id, p.owner_id, p.name, p.description, p.visibility, p.collaborative, p.created_at, p.updated_at,
            (SELECT COUNT(*) FROM playlist_item i WHERE i.playlist_id = p.id) AS track_count""";

    private final JdbcClient jdbc;

    public PlaylistRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<Playlist> findById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM playlist p WHERE p.id = ?")
                .param(id.toString())
                .query((rs, n) -> map(rs))
                .optional();
    }

    /** The playlist's songs in order, at most {@link Playlist#MAX_ITEMS}. */
    public List<PlaylistItem> items(UUID playlistId) {
        return jdbc.sql("""
                        SELECT i.position, i.track_id, i.added_by, i.added_at,
                               s.track_id AS known, s.title, s.owner_id, s.duration_ms, s.visibility, s.available
                          FROM playlist_item i
                          LEFT JOIN track_summary s ON s.track_id = i.track_id
                         WHERE i.playlist_id = :playlist
                         ORDER BY i.position
                         LIMIT :max""")
                .param("playlist", playlistId.toString())
                .param("max", Playlist.MAX_ITEMS)
                .query((rs, n) -> {
                    UUID trackId = UUID.fromString(rs.getString("track_id"));
                    TrackSummary track = rs.getString("known") == null ? null : new TrackSummary(trackId,
                            rs.getString("title"), UUID.fromString(rs.getString("owner_id")),
                            rs.getObject("duration_ms", Long.class), Visibility.valueOf(rs.getString("visibility")),
                            rs.getBoolean("available"));
                    return new PlaylistItem(rs.getInt("position"), trackId, UUID.fromString(rs.getString("added_by")),
                            instant(rs, "added_at"), track);
                })
                .list();
    }

    /**
     * An owner's public playlists, newest first, starting after {@code after} (null: from the newest). Fetches
     * {@code limit} rows: ask for one more than the page size to learn whether there is a next page.
     */
    public List<Playlist> findPublicByOwner(UUID ownerId, TimeIdCursor after, int limit) {
        String sql = "SELECT " + COLUMNS + """
                 FROM playlist p
                WHERE p.owner_id = :owner AND p.visibility = 'PUBLIC'
                """ + (after == null ? "" : """
                  AND (p.created_at < :createdAt OR (p.created_at = :createdAt AND p.id < :id))
                """) + """
                ORDER BY p.created_at DESC, p.id DESC
                LIMIT :limit""";
        JdbcClient.StatementSpec statement = jdbc.sql(sql)
                .param("owner", ownerId.toString())
                .param("limit", limit);
        if (after != null) {
            statement = statement.param("createdAt", utc(after.at())).param("id", after.id().toString());
        }
        return statement.query((rs, n) -> map(rs)).list();
    }

    private static Playlist map(ResultSet rs) throws SQLException {
        return new Playlist(
                UUID.fromString(rs.getString("id")),
                UUID.fromString(rs.getString("owner_id")),
                rs.getString("name"),
                rs.getString("description"),
                Visibility.valueOf(rs.getString("visibility")),
                rs.getBoolean("collaborative"),
                rs.getInt("track_count"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }
}
