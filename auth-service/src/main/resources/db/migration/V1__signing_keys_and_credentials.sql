-- auth-service's own tables (the outbox tables come from service-defaults, with their own history table).
-- Portable between MySQL 8.4 and MariaDB 10.11/11.x. Ids CHAR(36), timestamps DATETIME(3) in UTC.

-- The RSA keys access tokens are signed with. Exactly one key is active (retired_at IS NULL): it signs new
-- tokens. A retired key no longer signs, but stays in the JSON Web Key Set until every token it signed has
-- expired, so that rotating keys logs nobody out.
-- private_key is stored as plain PKCS#8 PEM for now; encrypting it with a key from the environment is a
-- follow-up (see README).
CREATE TABLE signing_key (
    kid         VARCHAR(64)  NOT NULL,
    algorithm   VARCHAR(10)  NOT NULL,
    public_key  TEXT         NOT NULL,
    private_key TEXT         NOT NULL,
    created_at  DATETIME(3)  NOT NULL,
    retired_at  DATETIME(3)  NULL,
    -- 1 for the active key, NULL for retired ones: the unique key below allows one active key at most, so two
    -- instances starting at once on an empty table cannot both create one.
    active_slot TINYINT GENERATED ALWAYS AS (CASE WHEN retired_at IS NULL THEN 1 ELSE NULL END) STORED,
    PRIMARY KEY (kid),
    UNIQUE KEY uq_signing_key_one_active (active_slot),
    KEY ix_signing_key_retired (retired_at),
    CONSTRAINT ck_signing_key_algorithm CHECK (algorithm IN ('RS256'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Email and password of an account (sign-up comes with a later issue). The user id is the same id
-- user-service gives the profile and every token carries as sub. The email is stored lower-cased; the
-- case-insensitive collation makes the unique key case-insensitive too.
CREATE TABLE credential (
    user_id        CHAR(36)     NOT NULL,
    email          VARCHAR(254) NOT NULL,
    password_hash  VARCHAR(255) NOT NULL,
    email_verified BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at     DATETIME(3)  NOT NULL,
    updated_at     DATETIME(3)  NOT NULL,
    PRIMARY KEY (user_id),
    UNIQUE KEY uq_credential_email (email)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
