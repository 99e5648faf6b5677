package dev.lalala.track.track;

import dev.lalala.defaults.paging.TimeIdCursor;
import static dev.lalala.defaults.jdbc.Db.instant;
import static dev.lalala.defaults.jdbc.Db.utc;

import dev.lalala.events.Visibility;
import dev.lalala.events.track.ProcessingStage;
import dev.lalala.events.track.ProcessingStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code track} and {@code track_tag} tables. */
@Repository
public class TrackRepository {

    /** Every column but the waveform, of {@code track t}: what {@link #map} reads. */
    public static final String COLUMNS = """
            t.id, t.owner_id, t.title, t.genre, t.description, t.visibility, t.status, t.processing_stage,
            t.processing_percent, t.failure_reason, t.duration_ms, t.segment_count, t.sample_rate, t.gain_db,
            t.play_count, t.like_count, t.created_at, t.published_at, t.cover_key, t.loudness_lufs""";

    private final JdbcClient jdbc;

    public TrackRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A song with its tags and waveform. */
    public Optional<Track> findById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + ", t.waveform FROM track t WHERE t.id = ?")
                .param(id.toString())
                .query((rs, n) -> map(rs).withWaveform(Waveforms.parse(rs.getString("waveform"))))
                .optional()
                .map(track -> track.withTags(tags(List.of(id)).getOrDefault(id, List.of())));
    }

    /** The light lookup for access checks: no waveform to parse, no tags query. */
    public Optional<TrackAccess> findAccess(UUID id) {
        return access(id, "");
    }

    /** {@link #findAccess}, with the row locked until the transaction ends. */
    public Optional<TrackAccess> lockAccess(UUID id) {
        return access(id, " FOR UPDATE");
    }

    private Optional<TrackAccess> access(UUID id, String lock) {
        return jdbc.sql("SELECT id, owner_id, visibility, status, cover_key, like_count FROM track WHERE id = ?" + lock)
                .param(id.toString())
                .query((rs, n) -> new TrackAccess(UUID.fromString(rs.getString("id")),
                        UUID.fromString(rs.getString("owner_id")), Visibility.valueOf(rs.getString("visibility")),
                        ProcessingStatus.valueOf(rs.getString("status")), rs.getString("cover_key") != null,
                        rs.getLong("like_count")))
                .optional();
    }

    /**
     * An artist's published public songs, newest first, starting after {@code after} (null: from the newest).
     * Fetches {@code limit} rows: ask for one more than the page size to learn whether there is a next page.
     */
    public List<Track> findPublishedByOwner(UUID ownerId, TimeIdCursor after, int limit) {
        return pageOfOwner(ownerId, "AND t.status = 'READY' AND t.visibility = 'PUBLIC'", "published_at", after, limit);
    }

    /**
     * Every song of the owner, whatever its state or visibility (processing, failed, private...), newest upload
     * first, starting after {@code after}; {@code limit} rows, as {@link #findPublishedByOwner}.
     */
    public List<Track> findAllByOwner(UUID ownerId, TimeIdCursor after, int limit) {
        return pageOfOwner(ownerId, "", "created_at", after, limit);
    }

    /** One newest-first page of an owner's songs, ordered by {@code timeColumn} then id (keyset paging). */
    private List<Track> pageOfOwner(UUID ownerId, String filter, String timeColumn, TimeIdCursor after, int limit) {
        String time = "t." + timeColumn;
        String sql = "SELECT " + COLUMNS + " FROM track t WHERE t.owner_id = :owner " + filter
                + (after == null ? "" : " AND (" + time + " < :at OR (" + time + " = :at AND t.id < :id))")
                + " ORDER BY " + time + " DESC, t.id DESC LIMIT :limit";
        JdbcClient.StatementSpec statement = jdbc.sql(sql)
                .param("owner", ownerId.toString())
                .param("limit", limit);
        if (after != null) {
            statement = statement.param("at", utc(after.at())).param("id", after.id().toString());
        }
        return withTags(statement.query((rs, n) -> map(rs)).list());
    }

    /** Adds every song's tags, with one query for the lot. */
    public List<Track> withTags(List<Track> tracks) {
        if (tracks.isEmpty()) {
            return tracks;
        }
        Map<UUID, List<String>> tags = tags(tracks.stream().map(Track::id).toList());
        return tracks.stream().map(t -> t.withTags(tags.getOrDefault(t.id(), List.of()))).toList();
    }

    private Map<UUID, List<String>> tags(Collection<UUID> trackIds) {
        Map<UUID, List<String>> tags = new LinkedHashMap<>();
        jdbc.sql("SELECT track_id, tag FROM track_tag WHERE track_id IN (:ids) ORDER BY track_id, position")
                .param("ids", trackIds.stream().map(UUID::toString).toList())
                .query((ResultSet rs) -> {
                    tags.computeIfAbsent(UUID.fromString(rs.getString("track_id")), k -> new ArrayList<>())
                            .add(rs.getString("tag"));
                });
        return tags;
    }

    /** A row selected with {@link #COLUMNS}, without tags (add them with {@link #withTags}) or waveform. */
    public static Track map(ResultSet rs) throws SQLException {
        return new Track(
                UUID.fromString(rs.getString("id")),
                UUID.fromString(rs.getString("owner_id")),
                rs.getString("title"),
                rs.getString("genre"),
                List.of(),
                rs.getString("description"),
                Visibility.valueOf(rs.getString("visibility")),
                ProcessingStatus.valueOf(rs.getString("status")),
                ProcessingStage.valueOf(rs.getString("processing_stage")),
                rs.getInt("processing_percent"),
                rs.getString("failure_reason"),
                rs.getObject("duration_ms", Long.class),
                rs.getObject("segment_count", Integer.class),
                rs.getObject("sample_rate", Integer.class),
                rs.getObject("gain_db", Double.class),
                rs.getLong("play_count"),
                rs.getLong("like_count"),
                instant(rs, "created_at"),
                instant(rs, "published_at"),
                rs.getString("cover_key") != null,
                rs.getObject("loudness_lufs", Double.class),
                List.of());
    }
}
