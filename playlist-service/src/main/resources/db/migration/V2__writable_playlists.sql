-- Playlists become writable: UNLISTED visibility, a chosen cover, an item count and a version kept with each
-- change, items with their own id ordered by a gap-based sort key, collaborators, likes, and the songs' covers.
-- playlist_item is recreated: nothing could write it before this version (there was no write API).

ALTER TABLE playlist DROP CONSTRAINT ck_playlist_visibility;
ALTER TABLE playlist
    ADD COLUMN cover_track_id CHAR(36) NULL AFTER collaborative,
    ADD COLUMN item_count     INT      NOT NULL DEFAULT 0 AFTER cover_track_id,
    ADD COLUMN like_count     INT      NOT NULL DEFAULT 0 AFTER item_count,
    ADD COLUMN version        BIGINT   NOT NULL DEFAULT 0 AFTER like_count,
    ADD CONSTRAINT ck_playlist_visibility CHECK (visibility IN ('PUBLIC', 'UNLISTED', 'PRIVATE'));

DROP TABLE playlist_item;

-- The songs of a playlist, ordered by sort_key. Keys are spaced by a gap (2^20) so that moving or inserting one
-- item gives it a key between its new neighbours without touching any other row; only when two neighbours
-- have no integer left between them are the playlist's keys spread out again, in the same transaction.
CREATE TABLE playlist_item (
    id          CHAR(36)    NOT NULL,
    playlist_id CHAR(36)    NOT NULL,
    sort_key    BIGINT      NOT NULL,
    track_id    CHAR(36)    NOT NULL,
    -- NULL once the account that added it is deleted (the item stays: the list is its owner's).
    added_by    CHAR(36)    NULL,
    added_at    DATETIME(3) NOT NULL,
    PRIMARY KEY (id),
    -- Not unique: a rebalance rewrites keys row by row; ties, which only a bug could make, fall back to the id.
    KEY ix_playlist_item_order (playlist_id, sort_key, id),
    KEY ix_playlist_item_track (track_id),
    KEY ix_playlist_item_added_by (added_by),
    CONSTRAINT fk_playlist_item_playlist FOREIGN KEY (playlist_id) REFERENCES playlist (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Users the owner invited: they add, move and remove items; they cannot rename, delete or change visibility.
CREATE TABLE playlist_collaborator (
    playlist_id CHAR(36)    NOT NULL,
    user_id     CHAR(36)    NOT NULL,
    added_at    DATETIME(3) NOT NULL,
    PRIMARY KEY (playlist_id, user_id),
    KEY ix_playlist_collaborator_user (user_id),
    CONSTRAINT fk_playlist_collaborator_playlist FOREIGN KEY (playlist_id) REFERENCES playlist (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Likes (saves) of other people's playlists; a user's liked list is newest first.
CREATE TABLE playlist_like (
    playlist_id CHAR(36)    NOT NULL,
    user_id     CHAR(36)    NOT NULL,
    liked_at    DATETIME(3) NOT NULL,
    PRIMARY KEY (playlist_id, user_id),
    KEY ix_playlist_like_user (user_id, liked_at, playlist_id),
    CONSTRAINT fk_playlist_like_playlist FOREIGN KEY (playlist_id) REFERENCES playlist (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The song's cover (a gateway path such as /api/tracks/{id}/cover/300.jpg), from TrackPublished/TrackUpdated.
ALTER TABLE track_summary ADD COLUMN cover_url VARCHAR(500) NULL AFTER duration_ms;
