-- track-service's own tables (the outbox tables come from service-defaults, with their own history table).
-- Portable between MySQL 8.4 and MariaDB 10.11/11.x. Ids CHAR(36), timestamps DATETIME(3) in UTC.

-- A song. It is created when the upload is received (PROCESSING), goes through the audio pipeline
-- (processing_stage, processing_percent) and ends READY (published, published_at set) or FAILED
-- (failure_reason). Only READY tracks are ever shown to anyone but their owner; PUBLIC ones are listed,
-- UNLISTED ones are reachable by id only, PRIVATE ones only by their owner.
-- original_key, cover_key: the upload and the cover image in the blob store. duration_ms, segment_count,
-- segment_samples, sample_rate, gain_db: measured by the pipeline (NULL until then). play_count and like_count
-- are counters kept by this service (plays from play.events PlayVerified, likes from track_like).
CREATE TABLE track (
    id                 CHAR(36)      NOT NULL,
    owner_id           CHAR(36)      NOT NULL,
    title              VARCHAR(200)  NOT NULL,
    genre              VARCHAR(32)   NOT NULL,
    description        TEXT          NULL,
    visibility         VARCHAR(16)   NOT NULL,
    status             VARCHAR(16)   NOT NULL,
    processing_stage   VARCHAR(16)   NOT NULL,
    processing_percent TINYINT       NOT NULL DEFAULT 0,
    failure_reason     VARCHAR(500)  NULL,
    original_key       VARCHAR(255)  NULL,
    cover_key          VARCHAR(255)  NULL,
    duration_ms        BIGINT        NULL,
    segment_count      INT           NULL,
    segment_samples    INT           NULL,
    sample_rate        INT           NULL,
    gain_db            DOUBLE        NULL,
    play_count         BIGINT        NOT NULL DEFAULT 0,
    like_count         BIGINT        NOT NULL DEFAULT 0,
    created_at         DATETIME(3)   NOT NULL,
    updated_at         DATETIME(3)   NOT NULL,
    published_at       DATETIME(3)   NULL,
    PRIMARY KEY (id),
    -- An artist's published songs, newest first (cursor: published_at, id).
    KEY ix_track_owner_published (owner_id, status, visibility, published_at, id),
    -- The all-time charts, overall and per genre.
    KEY ix_track_plays (status, visibility, play_count),
    KEY ix_track_genre_plays (genre, status, visibility, play_count),
    CONSTRAINT ck_track_visibility CHECK (visibility IN ('PUBLIC', 'UNLISTED', 'PRIVATE')),
    CONSTRAINT ck_track_status CHECK (status IN ('PROCESSING', 'READY', 'FAILED')),
    CONSTRAINT ck_track_stage CHECK (processing_stage IN
        ('RECEIVED', 'VALIDATING', 'SEGMENTING', 'ANALYZING', 'PUBLISHING', 'DONE')),
    CONSTRAINT ck_track_percent CHECK (processing_percent BETWEEN 0 AND 100),
    CONSTRAINT ck_track_counts CHECK (play_count >= 0 AND like_count >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A song's tags, in the order the artist gave them (a join table rather than JSON: portable, and searchable by
-- tag with an index).
CREATE TABLE track_tag (
    track_id CHAR(36)    NOT NULL,
    tag      VARCHAR(50) NOT NULL,
    position TINYINT     NOT NULL,
    PRIMARY KEY (track_id, tag),
    KEY ix_track_tag_tag (tag),
    CONSTRAINT fk_track_tag_track FOREIGN KEY (track_id) REFERENCES track (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Who liked which song (one like per user and song); track.like_count follows it.
CREATE TABLE track_like (
    track_id CHAR(36)    NOT NULL,
    user_id  CHAR(36)    NOT NULL,
    liked_at DATETIME(3) NOT NULL,
    PRIMARY KEY (track_id, user_id),
    -- A user's likes, newest first.
    KEY ix_track_like_user (user_id, liked_at),
    CONSTRAINT fk_track_like_track FOREIGN KEY (track_id) REFERENCES track (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Verified plays per song and UTC hour, for the 24 h and 7 day charts (filled from play.events PlayVerified in a
-- later issue; the all-time chart reads track.play_count). Hours older than the longest window can be deleted.
CREATE TABLE track_play_hourly (
    track_id   CHAR(36)    NOT NULL,
    hour_start DATETIME(3) NOT NULL,
    plays      BIGINT      NOT NULL,
    PRIMARY KEY (track_id, hour_start),
    KEY ix_track_play_hourly_hour (hour_start),
    CONSTRAINT fk_track_play_hourly_track FOREIGN KEY (track_id) REFERENCES track (id) ON DELETE CASCADE,
    CONSTRAINT ck_track_play_hourly_plays CHECK (plays >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
