-- This service's read model of users, fed by user.events (UserRegistered, ProfileUpdated, UserDeleted), so that a
-- playlist shows its songs' artists by name without calling user-service, an invitation can be checked against
-- accounts that exist, and every write can check that its caller's account still does.
-- A row with deleted = TRUE is a tombstone: no later (or replayed) event makes that account known again.
-- A row may also be made for a caller who wrote before their UserRegistered arrived (names NULL until it does).
CREATE TABLE user_summary (
    user_id      CHAR(36)     NOT NULL,
    handle       VARCHAR(64)  NULL,
    display_name VARCHAR(100) NULL,
    deleted      BOOLEAN      NOT NULL DEFAULT FALSE,
    updated_at   DATETIME(3)  NOT NULL,
    PRIMARY KEY (user_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A deleted song stays deleted whatever arrives after its TrackDeleted (a late TrackPublished never revives it).
ALTER TABLE track_summary ADD COLUMN deleted BOOLEAN NOT NULL DEFAULT FALSE AFTER available;
