-- What the subscription test handler applied: one row per application of an event.
CREATE TABLE subscription_effect (
    event_id CHAR(36) NOT NULL,
    track_id CHAR(36) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
