package dev.lalala.track.track;

import dev.lalala.defaults.paging.TimeIdCursor;
import static dev.lalala.defaults.jdbc.Db.instant;
import static dev.lalala.defaults.jdbc.Db.utc;

import dev.lalala.events.Visibility;
import dev.lalala.events.track.ProcessingStage;
import dev.lalala.events.track.ProcessingStatus;
import dev.lalala.events.audio.AudioLayout;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code track} and {@code track_tag} tables: where {@link Track} aggregates are loaded and stored. Every change
 * of a song's own state (upload, edit, cover, publish, fail, delete) is written here from the aggregate. The
 * worker's lease and progress columns are written by {@code pipeline.ProcessingJobs}, and the counters by likes and
 * plays; neither is part of the state these methods write.
 */
@Repository
public class TrackRepository {

    /** Every column but the waveform, of {@code track t}: what {@link #map} reads. */
    public static final String COLUMNS = """
            t.id, t.owner_id, t.title, t.genre, t.description, t.visibility, t.status, t.processing_stage,
            t.processing_percent, t.failure_reason, t.duration_ms, t.segment_count, t.sample_rate, t.gain_db,
            t.play_count, t.like_count, t.created_at, t.published_at, t.cover_key, t.loudness_lufs, t.title_from_tags""";

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

    /** The ids of every song of an owner, their rows locked until the transaction ends. */
    public List<UUID> lockIdsOf(UUID ownerId) {
        return jdbc.sql("SELECT id FROM track WHERE owner_id = ? FOR UPDATE").param(ownerId.toString())
                .query((rs, n) -> UUID.fromString(rs.getString("id"))).list();
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
     * Everyone's public published songs, newest first (optionally of one genre), starting after {@code after};
     * {@code limit} rows. Served by {@code ix_track_latest} / {@code ix_track_genre_latest}.
     */
    public List<Track> findLatestPublished(String genre, TimeIdCursor after, int limit) {
        String sql = "SELECT " + COLUMNS + " FROM track t WHERE t.status = 'READY' AND t.visibility = 'PUBLIC'"
                + (genre == null ? "" : " AND t.genre = :genre")
                + (after == null ? "" : " AND (t.published_at < :at OR (t.published_at = :at AND t.id < :id))")
                + " ORDER BY t.published_at DESC, t.id DESC LIMIT :limit";
        JdbcClient.StatementSpec statement = jdbc.sql(sql).param("limit", limit);
        if (genre != null) {
            statement = statement.param("genre", genre);
        }
        if (after != null) {
            statement = statement.param("at", utc(after.at())).param("id", after.id().toString());
        }
        return withTags(statement.query((rs, n) -> map(rs)).list());
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
                List.of(),
                rs.getBoolean("title_from_tags"));
    }

    /** The whole song, its row locked until the transaction ends: the start of every change. */
    public Optional<Track> lock(UUID id) {
        return locked(id, "");
    }

    /** {@link #lock}, only while the song is PROCESSING and held by {@code worker}'s lease. */
    public Optional<Track> lockProcessing(UUID id, String worker) {
        return locked(id, " AND t.status = 'PROCESSING' AND t.lease_owner = ?", worker);
    }

    private Optional<Track> locked(UUID id, String condition, Object... more) {
        List<Object> params = new ArrayList<>(List.of(id.toString()));
        params.addAll(List.of(more));
        return jdbc.sql("SELECT " + COLUMNS + ", t.waveform FROM track t WHERE t.id = ?" + condition + " FOR UPDATE")
                .params(params)
                .query((rs, n) -> map(rs).withWaveform(Waveforms.parse(rs.getString("waveform"))))
                .optional()
                .map(track -> track.withTags(tags(List.of(id)).getOrDefault(id, List.of())));
    }

    /** A new song (see {@link Track#uploaded}) with where its original is. */
    public void insert(Track track, String originalKey, String originalFilename, long originalBytes) {
        jdbc.sql("""
                        INSERT INTO track (id, owner_id, title, title_from_tags, genre, description, visibility,
                            status, processing_stage, processing_percent, original_key, original_filename,
                            original_bytes, cover_key, created_at, updated_at)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(track.id().toString(), track.ownerId().toString(), track.title(), track.titleFromTags(),
                        track.genre(), track.description(), track.visibility().name(), track.status().name(),
                        track.processingStage().name(), track.processingPercent(), originalKey, originalFilename,
                        originalBytes, coverKey(track), utc(track.createdAt()), utc(track.createdAt()))
                .update();
        writeTags(track.id(), track.tags());
    }

    /** What the owner edits (title, genre, tags, description, visibility, cover), from the aggregate. */
    public void saveDetails(Track before, Track after, Instant now) {
        jdbc.sql("""
                        UPDATE track SET title = ?, title_from_tags = ?, genre = ?, description = ?, visibility = ?,
                               cover_key = ?, updated_at = ?
                         WHERE id = ?""")
                .params(after.title(), after.titleFromTags(), after.genre(), after.description(),
                        after.visibility().name(), coverKey(after), utc(now), after.id().toString())
                .update();
        if (!after.tags().equals(before.tags())) {
            jdbc.sql("DELETE FROM track_tag WHERE track_id = ?").param(after.id().toString()).update();
            writeTags(after.id(), after.tags());
        }
    }

    /** READY (see {@link Track#publish}), releasing the worker's lease. */
    public void savePublished(Track track, int segmentSamples) {
        jdbc.sql("""
                        UPDATE track SET status = ?, processing_stage = ?, processing_percent = ?, failure_reason = NULL,
                               duration_ms = ?, segment_count = ?, segment_samples = ?, sample_rate = ?, gain_db = ?,
                               loudness_lufs = ?, waveform = ?, cover_key = ?, title = ?,
                               lease_owner = NULL, lease_until = NULL, published_at = ?, updated_at = ?
                         WHERE id = ?""")
                .params(track.status().name(), track.processingStage().name(), track.processingPercent(),
                        track.durationMs(), track.segmentCount(), segmentSamples, track.sampleRate(), track.gainDb(),
                        track.loudnessLufs(), Waveforms.format(track.waveform()), coverKey(track), track.title(),
                        utc(track.publishedAt()), utc(track.publishedAt()), track.id().toString())
                .update();
    }

    /** FAILED (see {@link Track#fail}): the reason stays, the files are gone, the lease is released. */
    public void saveFailed(Track track, Instant now) {
        jdbc.sql("""
                        UPDATE track SET status = ?, failure_reason = ?, lease_owner = NULL, lease_until = NULL,
                               original_key = NULL, cover_key = NULL, updated_at = ?
                         WHERE id = ?""")
                .params(track.status().name(), track.failureReason(), utc(now), track.id().toString())
                .update();
    }

    /** The row (its tags, likes and plays go with it by foreign key). */
    public void delete(UUID id) {
        jdbc.sql("DELETE FROM track WHERE id = ?").param(id.toString()).update();
    }

    private void writeTags(UUID id, List<String> tags) {
        for (int i = 0; i < tags.size(); i++) {
            jdbc.sql("INSERT INTO track_tag (track_id, tag, position) VALUES (?, ?, ?)")
                    .params(id.toString(), tags.get(i), i).update();
        }
    }

    private static String coverKey(Track track) {
        return track.hasCover() ? AudioLayout.coverKey(track.id(), 1200) : null;
    }
}
