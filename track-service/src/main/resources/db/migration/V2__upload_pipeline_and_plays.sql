-- The upload and the audio pipeline (issue 4).
-- original_filename, original_bytes: what the uploader sent (the name is a sanitized hint, never a path).
-- title_from_tags: the uploader gave no title, so the pipeline may take one from the file's tags.
-- loudness_lufs, waveform: measured by the pipeline; waveform is a JSON array of peaks 0..1.
-- lease_owner, lease_until, attempts: the worker claims a PROCESSING track by setting a lease it keeps renewing
-- (heartbeat); a crashed or stopped worker's lease runs out and another worker resumes the track. attempts bounds
-- how often a track that keeps killing its worker is retried.
ALTER TABLE track
    ADD COLUMN original_filename VARCHAR(255) NULL,
    ADD COLUMN original_bytes    BIGINT       NULL,
    ADD COLUMN title_from_tags   BOOLEAN      NOT NULL DEFAULT FALSE,
    ADD COLUMN loudness_lufs     DOUBLE       NULL,
    ADD COLUMN waveform          TEXT         NULL,
    ADD COLUMN lease_owner       VARCHAR(64)  NULL,
    ADD COLUMN lease_until       DATETIME(3)  NULL,
    ADD COLUMN attempts          INT          NOT NULL DEFAULT 0;

-- The worker's claim query: PROCESSING tracks whose lease is free or ran out.
CREATE INDEX ix_track_claim ON track (status, lease_until);

-- Plays already counted, by the listen's id (PlayVerified.playId): a listen counts once even when
-- streaming-service sends it again under a new event id.
CREATE TABLE counted_play (
    play_id    CHAR(36)    NOT NULL,
    track_id   CHAR(36)    NOT NULL,
    counted_at DATETIME(3) NOT NULL,
    PRIMARY KEY (play_id),
    CONSTRAINT fk_counted_play_track FOREIGN KEY (track_id) REFERENCES track (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
