-- Live rooms: who may see them, the rest of the playback state, the queue, listeners, moderation, reactions per
-- track. Portable between MySQL 8.4 and MariaDB 10.11/11.x.

-- visibility: PUBLIC (listed), UNLISTED (anyone with the id), PRIVATE (the host, and whoever joins with invite_key).
-- position_ms: where the song is when paused (while playing the position follows from playback_started_at).
-- queue_ids: the queue, next first, as comma-separated track ids (at most lalala.chat.max-queue, 100 by default).
ALTER TABLE room
    ADD COLUMN visibility  VARCHAR(10)   NOT NULL DEFAULT 'PUBLIC',
    ADD COLUMN invite_key  CHAR(36)      NULL,
    ADD COLUMN position_ms BIGINT        NULL,
    ADD COLUMN queue_ids   VARCHAR(4000) NOT NULL DEFAULT '';

CREATE INDEX ix_room_public_open ON room (visibility, closed_at, created_at, id);

-- One row per socket in a room: the listener count across instances, who can take over as host, and what an
-- instance forgets when it restarts (its rows are deleted at startup: their sockets died with it).
CREATE TABLE room_listener (
    room_id    CHAR(36)    NOT NULL,
    session_id CHAR(36)    NOT NULL,
    user_id    CHAR(36)    NOT NULL,
    instance   VARCHAR(100) NOT NULL,
    joined_at  DATETIME(3) NOT NULL,
    PRIMARY KEY (room_id, session_id),
    KEY ix_room_listener_user (room_id, user_id),
    KEY ix_room_listener_instance (instance),
    CONSTRAINT fk_room_listener_room FOREIGN KEY (room_id) REFERENCES room (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Who has been in a room, and what the host did to them (muted: no chat, no reactions; removed: may not rejoin).
CREATE TABLE room_member (
    room_id   CHAR(36)    NOT NULL,
    user_id   CHAR(36)    NOT NULL,
    muted     BOOLEAN     NOT NULL DEFAULT FALSE,
    removed   BOOLEAN     NOT NULL DEFAULT FALSE,
    joined_at DATETIME(3) NOT NULL,
    PRIMARY KEY (room_id, user_id),
    CONSTRAINT fk_room_member_room FOREIGN KEY (room_id) REFERENCES room (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Reactions to a song, counted per second of the song and kind, from every room that played it (a song page
-- shows them on its waveform). Counted in memory and added here about once a second.
CREATE TABLE track_reaction (
    track_id CHAR(36)    NOT NULL,
    second   INT         NOT NULL,
    kind     VARCHAR(20) NOT NULL,
    count    BIGINT      NOT NULL,
    PRIMARY KEY (track_id, second, kind)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
