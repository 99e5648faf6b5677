-- The transactional outbox: events written in the same transaction as the change they announce,
-- published to Kafka by the relay in seq order.
CREATE TABLE outbox_event (
    seq          BIGINT        NOT NULL AUTO_INCREMENT,
    event_id     CHAR(36)      NOT NULL,
    topic        VARCHAR(200)  NOT NULL,
    event_key    VARCHAR(200)  NOT NULL,
    event_type   VARCHAR(200)  NOT NULL,
    payload      MEDIUMTEXT    NOT NULL,
    trace_parent VARCHAR(128)  NULL,
    created_at   DATETIME(3)   NOT NULL,
    published_at DATETIME(3)   NULL,
    PRIMARY KEY (seq),
    UNIQUE KEY uq_outbox_event_id (event_id),
    KEY ix_outbox_pending (published_at, seq)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Idempotent consumers: the ids of the events each consumer has applied.
CREATE TABLE processed_event (
    consumer     VARCHAR(100) NOT NULL,
    event_id     CHAR(36)     NOT NULL,
    processed_at DATETIME(3)  NOT NULL,
    PRIMARY KEY (consumer, event_id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
