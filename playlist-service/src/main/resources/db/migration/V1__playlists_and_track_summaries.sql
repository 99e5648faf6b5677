-- playlist-service's own tables (the outbox tables come from service-defaults, with their own history table).
-- Portable between MySQL 8.4 and MariaDB 10.11/11.x. Ids CHAR(36), timestamps DATETIME(3) in UTC.

-- A playlist. PUBLIC ones are seen and listed by anyone, PRIVATE ones by their owner only. A collaborative
-- playlist lets others add songs (collaborators come with a later issue).
CREATE TABLE playlist (
    id            CHAR(36)      NOT NULL,
    owner_id      CHAR(36)      NOT NULL,
    name          VARCHAR(100)  NOT NULL,
    description   VARCHAR(1000) NULL,
    visibility    VARCHAR(16)   NOT NULL,
    collaborative BOOLEAN       NOT NULL DEFAULT FALSE,
    created_at    DATETIME(3)   NOT NULL,
    updated_at    DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    -- An owner's playlists, newest first (cursor: created_at, id).
    KEY ix_playlist_owner (owner_id, visibility, created_at, id),
    CONSTRAINT ck_playlist_visibility CHECK (visibility IN ('PUBLIC', 'PRIVATE'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The songs of a playlist in order (position 0, 1, 2, ... without gaps). A song may appear more than once.
CREATE TABLE playlist_item (
    playlist_id CHAR(36)    NOT NULL,
    position    INT         NOT NULL,
    track_id    CHAR(36)    NOT NULL,
    added_by    CHAR(36)    NOT NULL,
    added_at    DATETIME(3) NOT NULL,
    PRIMARY KEY (playlist_id, position),
    -- Which playlists hold a song (when the song goes away).
    KEY ix_playlist_item_track (track_id),
    CONSTRAINT fk_playlist_item_playlist FOREIGN KEY (playlist_id) REFERENCES playlist (id) ON DELETE CASCADE,
    CONSTRAINT ck_playlist_item_position CHECK (position >= 0)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- This service's read model of track-service's songs, fed by track.events (TrackPublished, TrackUpdated,
-- TrackDeleted) in a later issue, so that showing a playlist never calls track-service. available is false
-- once the song was deleted (or before it was published); a PRIVATE song is shown to its owner only.
CREATE TABLE track_summary (
    track_id    CHAR(36)     NOT NULL,
    title       VARCHAR(200) NOT NULL,
    owner_id    CHAR(36)     NOT NULL,
    duration_ms BIGINT       NULL,
    visibility  VARCHAR(16)  NOT NULL,
    available   BOOLEAN      NOT NULL,
    updated_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (track_id),
    CONSTRAINT ck_track_summary_visibility CHECK (visibility IN ('PUBLIC', 'UNLISTED', 'PRIVATE'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
