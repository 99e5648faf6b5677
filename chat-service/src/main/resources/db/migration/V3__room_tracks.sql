-- Songs a room may play: chat-service's read model of track.events (never a call to track-service on the socket
-- path). Portable between MySQL 8.4 and MariaDB 10.11/11.x.
-- ready: TrackPublished arrived (segments exist); deleted: TrackDeleted arrived (later events never revive it).
CREATE TABLE room_track (
    track_id    CHAR(36)    NOT NULL,
    owner_id    CHAR(36)    NOT NULL,
    visibility  VARCHAR(10) NOT NULL,
    duration_ms BIGINT      NULL,
    ready       BOOLEAN     NOT NULL DEFAULT FALSE,
    deleted     BOOLEAN     NOT NULL DEFAULT FALSE,
    updated_at  DATETIME(3) NOT NULL,
    PRIMARY KEY (track_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- When the playing song ends (server time), NULL while paused or when its length is unknown: rooms whose song has
-- ended move on to the next queued one (LiveRooms.advanceDue, once across instances).
ALTER TABLE room ADD COLUMN track_ends_at DATETIME(3) NULL;
CREATE INDEX ix_room_track_ends ON room (track_ends_at);
