package dev.lalala.playlist.playlist;

import static dev.lalala.defaults.jdbc.Db.instant;
import static dev.lalala.defaults.jdbc.Db.utc;

import dev.lalala.events.Visibility;
import dev.lalala.playlist.track.TrackSummary;
import dev.lalala.playlist.user.UserSummary;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A playlist's items, ordered by their sort key ({@link SortKeys}); callers hold the playlist's row lock. */
@Repository
public class PlaylistItemRepository {

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    public PlaylistItemRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /** The items in order, each with what the read models know of its song and its artist (one query). */
    public List<PlaylistItem> items(UUID playlistId) {
        return jdbc.sql("""
                SELECT i.id, i.track_id, i.added_by, i.added_at,
                       t.track_id AS known, t.title, t.owner_id, t.duration_ms, t.cover_url, t.visibility, t.available,
                       u.user_id AS artist_known, u.handle, u.display_name, u.deleted AS artist_deleted
                  FROM playlist_item i
                  LEFT JOIN track_summary t ON t.track_id = i.track_id
                  LEFT JOIN user_summary u ON u.user_id = t.owner_id
                 WHERE i.playlist_id = :id
                 ORDER BY i.sort_key, i.id""")
                .param("id", playlistId.toString())
                .query((rs, n) -> {
                    UUID trackId = UUID.fromString(rs.getString("track_id"));
                    TrackSummary track = rs.getString("known") == null ? null : new TrackSummary(trackId,
                            rs.getString("title"), UUID.fromString(rs.getString("owner_id")),
                            (Long) rs.getObject("duration_ms", Long.class), rs.getString("cover_url"),
                            Visibility.valueOf(rs.getString("visibility")), rs.getBoolean("available"));
                    UserSummary artist = track == null || rs.getString("artist_known") == null ? null
                            : new UserSummary(track.ownerId(), rs.getString("handle"), rs.getString("display_name"),
                                    rs.getBoolean("artist_deleted"));
                    String addedBy = rs.getString("added_by");
                    return new PlaylistItem(UUID.fromString(rs.getString("id")), trackId,
                            addedBy == null ? null : UUID.fromString(addedBy), instant(rs, "added_at"), track, artist);
                })
                .list();
    }

    public Optional<UUID> trackOf(UUID playlistId, UUID itemId) {
        return jdbc.sql("SELECT track_id FROM playlist_item WHERE playlist_id = :p AND id = :i")
                .param("p", playlistId.toString())
                .param("i", itemId.toString())
                .query((rs, n) -> UUID.fromString(rs.getString(1)))
                .optional();
    }

    public boolean contains(UUID playlistId, UUID trackId) {
        return jdbc.sql("SELECT COUNT(*) FROM playlist_item WHERE playlist_id = :p AND track_id = :t")
                .param("p", playlistId.toString())
                .param("t", trackId.toString())
                .query(Integer.class).single() > 0;
    }

    /**
     * The sort keys of the items that will be right before and after index {@code position} once {@code moving}
     * (null when inserting) is taken out: at most two keys, read from the ordered index, not the whole list.
     */
    public Neighbours neighbours(UUID playlistId, UUID moving, int position) {
        int offset = Math.max(position - 1, 0);
        List<Long> keys = jdbc.sql("""
                SELECT sort_key FROM playlist_item
                 WHERE playlist_id = :p AND id <> :moving
                 ORDER BY sort_key, id
                 LIMIT 2 OFFSET :offset""")
                .param("p", playlistId.toString())
                .param("moving", moving == null ? "" : moving.toString())
                .param("offset", offset)
                .query(Long.class).list();
        if (position <= 0) {
            return new Neighbours(null, keys.isEmpty() ? null : keys.getFirst());
        }
        if (keys.isEmpty()) {
            // Past the end: after the last of the others.
            Long last = jdbc.sql("""
                    SELECT sort_key FROM playlist_item WHERE playlist_id = :p AND id <> :moving
                     ORDER BY sort_key DESC, id DESC LIMIT 1""")
                    .param("p", playlistId.toString())
                    .param("moving", moving == null ? "" : moving.toString())
                    .query(Long.class).optional().orElse(null);
            return new Neighbours(last, null);
        }
        return new Neighbours(keys.getFirst(), keys.size() < 2 ? null : keys.get(1));
    }

    public Optional<Long> lastKey(UUID playlistId) {
        return jdbc.sql("""
                SELECT sort_key FROM playlist_item WHERE playlist_id = :p ORDER BY sort_key DESC, id DESC LIMIT 1""")
                .param("p", playlistId.toString())
                .query(Long.class).optional();
    }

    /** The item ids in order, without {@code moving}. */
    public List<UUID> orderedIds(UUID playlistId, UUID moving) {
        return jdbc.sql("""
                SELECT id FROM playlist_item WHERE playlist_id = :p AND id <> :moving ORDER BY sort_key, id""")
                .param("p", playlistId.toString())
                .param("moving", moving == null ? "" : moving.toString())
                .query((rs, n) -> UUID.fromString(rs.getString(1)))
                .list();
    }

    /** Spreads the keys out again: the i-th id gets {@link SortKeys#spread}(i). */
    public void rekey(List<UUID> ids) {
        List<Object[]> rows = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            rows.add(new Object[] {SortKeys.spread(i), ids.get(i).toString()});
        }
        template.batchUpdate("UPDATE playlist_item SET sort_key = ? WHERE id = ?", rows);
    }

    public void insert(UUID playlistId, UUID itemId, long sortKey, UUID trackId, UUID addedBy, Instant at) {
        jdbc.sql("""
                INSERT INTO playlist_item (id, playlist_id, sort_key, track_id, added_by, added_at)
                VALUES (:id, :p, :key, :track, :by, :at)""")
                .param("id", itemId.toString())
                .param("p", playlistId.toString())
                .param("key", sortKey)
                .param("track", trackId.toString())
                .param("by", addedBy.toString())
                .param("at", utc(at))
                .update();
    }

    public void setKey(UUID itemId, long sortKey) {
        jdbc.sql("UPDATE playlist_item SET sort_key = :key WHERE id = :id")
                .param("id", itemId.toString())
                .param("key", sortKey)
                .update();
    }

    public boolean delete(UUID playlistId, UUID itemId) {
        return jdbc.sql("DELETE FROM playlist_item WHERE playlist_id = :p AND id = :i")
                .param("p", playlistId.toString())
                .param("i", itemId.toString())
                .update() > 0;
    }

    /** A deleted account's items stay in other people's lists, without the account's id. */
    public void forgetAddedBy(UUID userId) {
        jdbc.sql("UPDATE playlist_item SET added_by = NULL WHERE added_by = :u")
                .param("u", userId.toString())
                .update();
    }

    /** The keys around a place in the list; null where there is no neighbour. */
    public record Neighbours(Long before, Long after) {
    }
}
