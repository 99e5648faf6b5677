package dev.lalala.track.pipeline;

import static dev.lalala.defaults.jdbc.Db.utc;

import dev.lalala.events.track.ProcessingStage;
import dev.lalala.events.track.ProcessingStatus;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code track} rows as the worker sees them: claims with a lease, heartbeats, progress. */
@Repository
public class ProcessingJobs {

    private final JdbcClient jdbc;

    public ProcessingJobs(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** What the worker needs of a track. */
    public record Job(UUID id, UUID ownerId, String originalKey, String coverKey, boolean titleFromTags,
            int attempts) {
    }

    /** PROCESSING tracks nobody holds (never claimed, or the holder's lease ran out), oldest first. */
    public List<UUID> claimable(Instant now, int limit) {
        return jdbc.sql("""
                        SELECT id FROM track
                         WHERE status = 'PROCESSING' AND (lease_until IS NULL OR lease_until < ?)
                         ORDER BY created_at LIMIT ?""")
                .params(utc(now), limit)
                .query((rs, n) -> UUID.fromString(rs.getString("id")))
                .list();
    }

    /** Takes the track for {@code worker} until {@code until}; false when another worker was quicker. */
    public boolean claim(UUID id, String worker, Instant now, Instant until) {
        return jdbc.sql("""
                        UPDATE track SET lease_owner = ?, lease_until = ?, attempts = attempts + 1
                         WHERE id = ? AND status = 'PROCESSING' AND (lease_until IS NULL OR lease_until < ?)""")
                .params(worker, utc(until), id.toString(), utc(now))
                .update() == 1;
    }

    /**
     * Takes back, for {@code worker}, the PROCESSING tracks whose lease names it: what this instance held when it
     * died or stopped. Its lease may not have run out yet; no other instance holds it (the holder is this one).
     */
    public List<UUID> reclaimOwn(String worker, Instant until) {
        List<UUID> own = jdbc.sql("SELECT id FROM track WHERE status = 'PROCESSING' AND lease_owner = ? ORDER BY created_at")
                .param(worker)
                .query((rs, n) -> UUID.fromString(rs.getString("id")))
                .list();
        return own.stream().filter(id -> jdbc.sql("""
                        UPDATE track SET lease_until = ?, attempts = attempts + 1
                         WHERE id = ? AND status = 'PROCESSING' AND lease_owner = ?""")
                .params(utc(until), id.toString(), worker)
                .update() == 1).toList();
    }

    public Optional<Job> job(UUID id) {
        return jdbc.sql("""
                        SELECT id, owner_id, original_key, cover_key, title_from_tags, attempts
                          FROM track WHERE id = ?""")
                .param(id.toString())
                .query((rs, n) -> new Job(UUID.fromString(rs.getString("id")),
                        UUID.fromString(rs.getString("owner_id")), rs.getString("original_key"),
                        rs.getString("cover_key"), rs.getBoolean("title_from_tags"), rs.getInt("attempts")))
                .optional();
    }

    /** Where a track's processing is, as its owner's progress bar shows it. */
    public record State(ProcessingStatus status, ProcessingStage stage, int percent, String failureReason) {
    }

    /** Four columns of one row: cheap enough to poll. */
    public Optional<State> state(UUID id) {
        return jdbc.sql("SELECT status, processing_stage, processing_percent, failure_reason FROM track WHERE id = ?")
                .param(id.toString())
                .query((rs, n) -> new State(ProcessingStatus.valueOf(rs.getString("status")),
                        ProcessingStage.valueOf(rs.getString("processing_stage")), rs.getInt("processing_percent"),
                        rs.getString("failure_reason")))
                .optional();
    }

    /** Whether {@code worker} still holds the PROCESSING track (not deleted, not taken over). */
    public boolean holds(UUID id, String worker) {
        return jdbc.sql("SELECT COUNT(*) FROM track WHERE id = ? AND status = 'PROCESSING' AND lease_owner = ?")
                .params(id.toString(), worker).query(Integer.class).single() == 1;
    }

    /** Keeps the leases of the tracks this worker is busy with. */
    public void heartbeat(Collection<UUID> ids, String worker, Instant until) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("""
                        UPDATE track SET lease_until = :until
                         WHERE id IN (:ids) AND lease_owner = :worker AND status = 'PROCESSING'""")
                .param("until", utc(until))
                .param("ids", ids.stream().map(UUID::toString).toList())
                .param("worker", worker)
                .update();
    }

    /**
     * Records progress and renews the lease. False when the track is no longer this worker's to process (deleted,
     * or its lease was lost to another worker): the worker then stops.
     */
    public boolean progress(UUID id, String worker, ProcessingStage stage, int percent, Instant now, Instant until) {
        return jdbc.sql("""
                        UPDATE track SET processing_stage = ?, processing_percent = ?, lease_until = ?, updated_at = ?
                         WHERE id = ? AND lease_owner = ? AND status = 'PROCESSING'""")
                .params(stage.name(), percent, utc(until), utc(now), id.toString(), worker)
                .update() == 1;
    }

    /** Gives the track back (after an unexpected error): the next poll retries it, up to the attempt limit. */
    public void release(UUID id, String worker) {
        jdbc.sql("UPDATE track SET lease_owner = NULL, lease_until = NULL WHERE id = ? AND lease_owner = ?")
                .params(id.toString(), worker)
                .update();
    }
}
