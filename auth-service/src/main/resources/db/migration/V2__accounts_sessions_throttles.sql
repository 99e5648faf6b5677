-- Sign-up, verification, sessions and lockout. Portable between MySQL 8.4 and MariaDB 10.11/11.x.

-- The public handle chosen at sign-up (unique here, so two sign-ups at once never get the same one), and
-- when the password last changed.
ALTER TABLE credential
    ADD COLUMN handle VARCHAR(40) NOT NULL,
    ADD COLUMN password_changed_at DATETIME(3) NULL,
    ADD UNIQUE KEY uq_credential_handle (handle);

-- Single-use tokens sent by mail: email verification and password reset. Only the SHA-256 of the token is
-- stored, so a database dump cannot verify an address or reset a password.
CREATE TABLE email_token (
    token_hash CHAR(64)    NOT NULL,
    user_id    CHAR(36)    NOT NULL,
    purpose    VARCHAR(16) NOT NULL,
    created_at DATETIME(3) NOT NULL,
    expires_at DATETIME(3) NOT NULL,
    used_at    DATETIME(3) NULL,
    PRIMARY KEY (token_hash),
    KEY ix_email_token_user (user_id, purpose, created_at),
    CONSTRAINT ck_email_token_purpose CHECK (purpose IN ('VERIFY_EMAIL', 'RESET_PASSWORD'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Refresh tokens (SHA-256 only). Every login starts a family; each refresh replaces the token with a new one of the
-- same family (rotated_at set on the old one). Presenting a rotated or revoked token again revokes the family.
CREATE TABLE refresh_token (
    token_hash CHAR(64)    NOT NULL,
    family_id  CHAR(36)    NOT NULL,
    user_id    CHAR(36)    NOT NULL,
    created_at DATETIME(3) NOT NULL,
    expires_at DATETIME(3) NOT NULL,
    rotated_at DATETIME(3) NULL,
    revoked_at DATETIME(3) NULL,
    PRIMARY KEY (token_hash),
    KEY ix_refresh_token_family (family_id),
    KEY ix_refresh_token_user (user_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Failed logins per account ("account:<email>") and per client address ("address:<ip>"), shared by every
-- instance. Rows are deleted by a successful login (account) or once they are old (see LoginThrottle).
CREATE TABLE login_throttle (
    throttle_key    VARCHAR(300) NOT NULL,
    failures        INT          NOT NULL,
    last_failure_at DATETIME(3)  NOT NULL,
    blocked_until   DATETIME(3)  NULL,
    PRIMARY KEY (throttle_key),
    KEY ix_login_throttle_last (last_failure_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
