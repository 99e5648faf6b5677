-- Listening rooms and their chat. Portable between MySQL 8.4 and MariaDB 10.11/11.x; ids are UUIDs as CHAR(36),
-- timestamps DATETIME(3) in UTC.

-- A room: who hosts it, and what it plays now. The playback state is what RoomPlaybackChanged carries:
-- the track, the segment the host started (or paused) at, the server time at which segment 0 of the track would
-- have started (so any client computes the current position from its estimate of the server clock), paused.
CREATE TABLE room (
    id                  CHAR(36)     NOT NULL,
    host_id             CHAR(36)     NOT NULL,
    name                VARCHAR(100) NOT NULL,
    created_at          DATETIME(3)  NOT NULL,
    closed_at           DATETIME(3)  NULL,
    current_track_id    CHAR(36)     NULL,
    current_segment     INT          NULL,
    playback_started_at DATETIME(3)  NULL,
    paused              BOOLEAN      NOT NULL DEFAULT FALSE,
    playback_changed_at DATETIME(3)  NULL,
    -- Optimistic locking for the host's playback commands, so two quick commands never interleave.
    version             BIGINT       NOT NULL DEFAULT 0,
    PRIMARY KEY (id),
    -- Open rooms (closed_at IS NULL), newest first, with the id to break ties: the room list's cursor order.
    KEY ix_room_open_newest (closed_at, created_at, id),
    KEY ix_room_host (host_id, created_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A chat line in a room, stamped with where the room's song was when it was said (for the waveform).
CREATE TABLE room_message (
    id          CHAR(36)      NOT NULL,
    room_id     CHAR(36)      NOT NULL,
    user_id     CHAR(36)      NOT NULL,
    text        VARCHAR(1000) NOT NULL,
    track_id    CHAR(36)      NULL,
    position_ms BIGINT        NULL,
    sent_at     DATETIME(3)   NOT NULL,
    PRIMARY KEY (id),
    -- A room's history, newest first, paged by (sent_at, id).
    KEY ix_room_message_room_sent (room_id, sent_at, id),
    CONSTRAINT fk_room_message_room FOREIGN KEY (room_id) REFERENCES room (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
