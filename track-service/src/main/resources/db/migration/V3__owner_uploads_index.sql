-- The owner's own list (GET /api/tracks/mine): every song of one owner, newest upload first.
CREATE INDEX ix_track_owner_created ON track (owner_id, created_at, id);
