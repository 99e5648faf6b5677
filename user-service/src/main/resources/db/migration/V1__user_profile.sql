-- user-service's own tables (the outbox tables come from service-defaults, with their own history table).
-- Portable between MySQL 8.4 and MariaDB 10.11/11.x. Ids CHAR(36), timestamps DATETIME(3) in UTC.

-- A user's public profile. The id is the account's id (auth-service's credential.user_id, the tokens' sub).
-- handle: the @name in profile URLs, stored lower-case; unique (the case-insensitive collation makes it so
-- whatever the case). avatar_key: the avatar's key in the blob store, NULL until one is uploaded.
CREATE TABLE user_profile (
    id           CHAR(36)     NOT NULL,
    handle       VARCHAR(30)  NOT NULL,
    display_name VARCHAR(50)  NOT NULL,
    bio          VARCHAR(160) NULL,
    avatar_key   VARCHAR(255) NULL,
    role         VARCHAR(16)  NOT NULL DEFAULT 'LISTENER',
    created_at   DATETIME(3)  NOT NULL,
    updated_at   DATETIME(3)  NOT NULL,
    PRIMARY KEY (id),
    UNIQUE KEY uq_user_profile_handle (handle),
    CONSTRAINT ck_user_profile_role CHECK (role IN ('LISTENER', 'ARTIST'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
