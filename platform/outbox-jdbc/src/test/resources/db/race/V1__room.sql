-- A service's first migration, for MigrationLockIT: what two instances on an empty database both try to apply.
CREATE TABLE race_room (
    id CHAR(36) NOT NULL PRIMARY KEY,
    name VARCHAR(100) NOT NULL
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4;
