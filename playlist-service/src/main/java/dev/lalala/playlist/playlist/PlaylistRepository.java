package dev.lalala.playlist.playlist;

import static dev.lalala.defaults.jdbc.Db.instant;
import static dev.lalala.defaults.jdbc.Db.utc;

import dev.lalala.defaults.paging.TimeIdCursor;
import dev.lalala.events.Visibility;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The playlist rows, their collaborators and likes. Items: {@link PlaylistItemRepository}. */
@Repository
public class PlaylistRepository {

    static final String COLUMNS = """
            p.id, p.owner_id, p.name, p.description, p.visibility, p.collaborative, p.cover_track_id, p.item_count,
            p.like_count, p.version, p.created_at, p.updated_at""";

    /**
     * The playlist's cover: its chosen song's cover if that song is in it and shows, else the first song's that
     * shows (private songs never give their cover to a list).
     */
    static final String COVER = """
            (SELECT ts.cover_url FROM playlist_item ci JOIN track_summary ts ON ts.track_id = ci.track_id
              WHERE ci.playlist_id = p.id AND ts.available AND ts.visibility <> 'PRIVATE'
                AND ts.cover_url IS NOT NULL
              ORDER BY CASE WHEN ci.track_id = p.cover_track_id THEN 0 ELSE 1 END, ci.sort_key, ci.id
              LIMIT 1) AS cover_url""";

    private final JdbcClient jdbc;

    public PlaylistRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Playlist p) {
        jdbc.sql("""
                INSERT INTO playlist (id, owner_id, name, description, visibility, collaborative, cover_track_id,
                                      item_count, like_count, version, created_at, updated_at)
                VALUES (:id, :owner, :name, :description, :visibility, FALSE, NULL, 0, 0, 0, :at, :at)""")
                .param("id", p.id().toString())
                .param("owner", p.ownerId().toString())
                .param("name", p.name())
                .param("description", p.description())
                .param("visibility", p.visibility().name())
                .param("at", utc(p.createdAt()))
                .update();
    }

    public Optional<Playlist> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM playlist p WHERE p.id = :id")
                .param("id", id.toString())
                .query((rs, n) -> map(rs))
                .optional();
    }

    /**
     * The playlist, row-locked until the transaction ends: every change to a playlist or its items takes this
     * lock first, so two people moving items at once are applied one after the other on the same order.
     */
    public Optional<Playlist> lock(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM playlist p WHERE p.id = :id FOR UPDATE")
                .param("id", id.toString())
                .query((rs, n) -> map(rs))
                .optional();
    }

    public boolean isCollaborator(UUID playlistId, UUID userId) {
        return jdbc.sql("SELECT COUNT(*) FROM playlist_collaborator WHERE playlist_id = :p AND user_id = :u")
                .param("p", playlistId.toString())
                .param("u", userId.toString())
                .query(Integer.class).single() > 0;
    }

    public int countOwnedBy(UUID ownerId) {
        return jdbc.sql("SELECT COUNT(*) FROM playlist WHERE owner_id = :owner")
                .param("owner", ownerId.toString())
                .query(Integer.class).single();
    }

    public void updateDetails(UUID id, String name, String description, Visibility visibility, UUID coverTrackId,
            Instant now) {
        jdbc.sql("""
                UPDATE playlist SET name = :name, description = :description, visibility = :visibility,
                       cover_track_id = :cover, version = version + 1, updated_at = :now
                 WHERE id = :id""")
                .param("id", id.toString())
                .param("name", name)
                .param("description", description)
                .param("visibility", visibility.name())
                .param("cover", coverTrackId == null ? null : coverTrackId.toString())
                .param("now", utc(now))
                .update();
    }

    /** After items were added or removed ({@code delta}) or moved (0). */
    public void itemsChanged(UUID id, int delta, Instant now) {
        jdbc.sql("""
                UPDATE playlist SET item_count = item_count + :delta, version = version + 1, updated_at = :now
                 WHERE id = :id""")
                .param("id", id.toString())
                .param("delta", delta)
                .param("now", utc(now))
                .update();
    }

    public void delete(UUID id) {
        jdbc.sql("DELETE FROM playlist WHERE id = :id").param("id", id.toString()).update();
    }

    /** The playlist's cover as {@link #COVER} picks it. */
    public Optional<String> coverUrl(UUID id) {
        return jdbc.sql("SELECT " + COVER + " FROM playlist p WHERE p.id = :id")
                .param("id", id.toString())
                .query((rs, n) -> Optional.ofNullable(rs.getString("cover_url")))
                .optional().flatMap(c -> c);
    }

    // Collaborators

    public List<UUID> collaborators(UUID playlistId) {
        return jdbc.sql("""
                SELECT user_id FROM playlist_collaborator WHERE playlist_id = :p ORDER BY added_at, user_id""")
                .param("p", playlistId.toString())
                .query((rs, n) -> UUID.fromString(rs.getString(1)))
                .list();
    }

    /** @return false if the user already was one */
    public boolean addCollaborator(UUID playlistId, UUID userId, Instant now) {
        int added = jdbc.sql("""
                INSERT IGNORE INTO playlist_collaborator (playlist_id, user_id, added_at) VALUES (:p, :u, :now)""")
                .param("p", playlistId.toString())
                .param("u", userId.toString())
                .param("now", utc(now))
                .update();
        syncCollaborative(playlistId, now);
        return added > 0;
    }

    public boolean removeCollaborator(UUID playlistId, UUID userId, Instant now) {
        int removed = jdbc.sql("DELETE FROM playlist_collaborator WHERE playlist_id = :p AND user_id = :u")
                .param("p", playlistId.toString())
                .param("u", userId.toString())
                .update();
        syncCollaborative(playlistId, now);
        return removed > 0;
    }

    private void syncCollaborative(UUID playlistId, Instant now) {
        jdbc.sql("""
                UPDATE playlist p SET p.collaborative =
                       EXISTS (SELECT 1 FROM playlist_collaborator c WHERE c.playlist_id = p.id),
                       p.version = p.version + 1, p.updated_at = :now
                 WHERE p.id = :p""")
                .param("p", playlistId.toString())
                .param("now", utc(now))
                .update();
    }

    // Likes

    public boolean like(UUID playlistId, UUID userId, Instant now) {
        int added = jdbc.sql("""
                INSERT IGNORE INTO playlist_like (playlist_id, user_id, liked_at) VALUES (:p, :u, :now)""")
                .param("p", playlistId.toString())
                .param("u", userId.toString())
                .param("now", utc(now))
                .update();
        if (added > 0) {
            bumpLikes(playlistId, 1);
        }
        return added > 0;
    }

    public boolean unlike(UUID playlistId, UUID userId) {
        int removed = jdbc.sql("DELETE FROM playlist_like WHERE playlist_id = :p AND user_id = :u")
                .param("p", playlistId.toString())
                .param("u", userId.toString())
                .update();
        if (removed > 0) {
            bumpLikes(playlistId, -1);
        }
        return removed > 0;
    }

    public boolean likes(UUID playlistId, UUID userId) {
        return jdbc.sql("SELECT COUNT(*) FROM playlist_like WHERE playlist_id = :p AND user_id = :u")
                .param("p", playlistId.toString())
                .param("u", userId.toString())
                .query(Integer.class).single() > 0;
    }

    private void bumpLikes(UUID playlistId, int delta) {
        jdbc.sql("UPDATE playlist SET like_count = GREATEST(like_count + :d, 0) WHERE id = :p")
                .param("p", playlistId.toString())
                .param("d", delta)
                .update();
    }

    // Lists, newest first by creation (likes: by when liked), id breaking ties. Fetch limit + 1 rows.

    /** An owner's PUBLIC playlists (unlisted and private ones are never listed to others). */
    public List<ListedPlaylist> publicByOwner(UUID ownerId, TimeIdCursor after, int limit) {
        String sql = "SELECT " + COLUMNS + ", " + COVER + ", 'OWNER' AS role, p.created_at AS sort_at"
                + " FROM playlist p WHERE p.owner_id = :owner AND p.visibility = 'PUBLIC'"
                + (after == null ? "" : " AND (p.created_at < :at OR (p.created_at = :at AND p.id < :id))")
                + " ORDER BY p.created_at DESC, p.id DESC LIMIT :limit";
        return page(sql, ownerId, after, limit);
    }

    /** The user's own playlists and those they collaborate on, in any visibility. */
    public List<ListedPlaylist> mine(UUID userId, TimeIdCursor after, int limit) {
        String cursor = after == null ? "" : " AND (p.created_at < :at OR (p.created_at = :at AND p.id < :id))";
        String sql = "SELECT * FROM ("
                + " (SELECT " + COLUMNS + ", " + COVER + ", 'OWNER' AS role, p.created_at AS sort_at"
                + "    FROM playlist p WHERE p.owner_id = :owner" + cursor
                + "   ORDER BY p.created_at DESC, p.id DESC LIMIT :limit)"
                + " UNION ALL"
                + " (SELECT " + COLUMNS + ", " + COVER + ", 'COLLABORATOR' AS role, p.created_at AS sort_at"
                + "    FROM playlist_collaborator c JOIN playlist p ON p.id = c.playlist_id"
                + "   WHERE c.user_id = :owner" + cursor
                + "   ORDER BY p.created_at DESC, p.id DESC LIMIT :limit)"
                + ") mine ORDER BY sort_at DESC, id DESC LIMIT :limit";
        return page(sql, userId, after, limit);
    }

    /** Playlists the user liked that they may still see, most recently liked first. */
    public List<ListedPlaylist> liked(UUID userId, TimeIdCursor after, int limit) {
        String sql = "SELECT " + COLUMNS + ", " + COVER + ", 'VIEWER' AS role, l.liked_at AS sort_at"
                + " FROM playlist_like l JOIN playlist p ON p.id = l.playlist_id"
                + " WHERE l.user_id = :owner"
                + "   AND (p.visibility <> 'PRIVATE' OR EXISTS (SELECT 1 FROM playlist_collaborator c"
                + "        WHERE c.playlist_id = p.id AND c.user_id = :owner))"
                + (after == null ? "" : " AND (l.liked_at < :at OR (l.liked_at = :at AND p.id < :id))")
                + " ORDER BY l.liked_at DESC, p.id DESC LIMIT :limit";
        return page(sql, userId, after, limit);
    }

    private List<ListedPlaylist> page(String sql, UUID user, TimeIdCursor after, int limit) {
        JdbcClient.StatementSpec statement = jdbc.sql(sql).param("owner", user.toString()).param("limit", limit);
        if (after != null) {
            statement = statement.param("at", utc(after.at())).param("id", after.id().toString());
        }
        return statement.query((rs, n) -> new ListedPlaylist(map(rs), rs.getString("cover_url"),
                Access.valueOf(rs.getString("role")), instant(rs, "sort_at"))).list();
    }

    // An account deleted

    /** A locking read: what committed last, even if the transaction's snapshot is older. */
    public List<UUID> ownedBy(UUID userId) {
        return jdbc.sql("SELECT id FROM playlist WHERE owner_id = :u FOR UPDATE")
                .param("u", userId.toString())
                .query((rs, n) -> UUID.fromString(rs.getString(1)))
                .list();
    }

    /**
     * A plain read, so that it never holds collaborator rows before the playlist's lock (the order every write
     * takes them in). Called after the account's tombstone was locked, so its snapshot holds every invitation
     * that raced the deletion (an invitation holds the invitee's row shared until it commits).
     */
    public List<UUID> collaboratingOn(UUID userId) {
        return jdbc.sql("SELECT playlist_id FROM playlist_collaborator WHERE user_id = :u")
                .param("u", userId.toString())
                .query((rs, n) -> UUID.fromString(rs.getString(1)))
                .list();
    }

    public void forgetLikesBy(UUID userId) {
        jdbc.sql("""
                UPDATE playlist p JOIN playlist_like l ON l.playlist_id = p.id AND l.user_id = :u
                   SET p.like_count = GREATEST(p.like_count - 1, 0)""")
                .param("u", userId.toString())
                .update();
        jdbc.sql("DELETE FROM playlist_like WHERE user_id = :u").param("u", userId.toString()).update();
    }

    static Playlist map(ResultSet rs) throws SQLException {
        String cover = rs.getString("cover_track_id");
        return new Playlist(
                UUID.fromString(rs.getString("id")),
                UUID.fromString(rs.getString("owner_id")),
                rs.getString("name"),
                rs.getString("description"),
                Visibility.valueOf(rs.getString("visibility")),
                rs.getBoolean("collaborative"),
                cover == null ? null : UUID.fromString(cover),
                rs.getInt("item_count"),
                rs.getInt("like_count"),
                rs.getLong("version"),
                instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    /** A playlist in a list: its cover, the caller's role, and the time the list is ordered by. */
    public record ListedPlaylist(Playlist playlist, String coverUrl, Access role, Instant sortedAt) {
    }
}
