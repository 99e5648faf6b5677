-- Outgoing mail, written in the same transaction as the change that calls for it (a sign-up, a new verification
-- or reset link) and sent by MailRelay, which marks a row SENT once the SMTP server accepted it. A crash at any
-- moment loses no mail; only a crash between SMTP's acceptance and the commit of SENT sends one twice.
-- The body holds a single-use token, so it is stored encrypted (AES-256-GCM, the installation's signing-key
-- secret, the row id as associated data). Portable between MySQL 8.4 and MariaDB 10.11/11.x.
CREATE TABLE mail_outbox (
    id              CHAR(36)     NOT NULL,
    user_id         CHAR(36)     NOT NULL,
    kind            VARCHAR(32)  NOT NULL,
    recipient       VARCHAR(320) NOT NULL,
    subject         VARCHAR(200) NOT NULL,
    body            TEXT         NOT NULL,
    status          VARCHAR(8)   NOT NULL,
    attempts        INT          NOT NULL DEFAULT 0,
    last_error      VARCHAR(200) NULL,
    created_at      DATETIME(3)  NOT NULL,
    -- Past this the link in the mail no longer works: the mail is not sent any more (status EXPIRED).
    expires_at      DATETIME(3)  NOT NULL,
    next_attempt_at DATETIME(3)  NOT NULL,
    sent_at         DATETIME(3)  NULL,
    PRIMARY KEY (id),
    KEY ix_mail_outbox_due (status, next_attempt_at),
    KEY ix_mail_outbox_user (user_id),
    CONSTRAINT ck_mail_outbox_status CHECK (status IN ('PENDING', 'SENT', 'EXPIRED'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
