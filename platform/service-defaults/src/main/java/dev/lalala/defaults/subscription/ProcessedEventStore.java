package dev.lalala.defaults.subscription;

import java.util.UUID;

/**
 * Where a service remembers the event ids its handlers applied, so that a redelivered event is skipped. Each
 * service keeps it in its own datastore: {@code JdbcProcessedEventStore} (platform/outbox-jdbc) for MySQL/MariaDB
 * services; Neo4j or Elasticsearch services bring their own implementation as a bean.
 */
public interface ProcessedEventStore {

    /**
     * Runs {@code work} unless {@code handler} already applied {@code eventId}, and records the id. Where the store
     * allows, the id is recorded in the same transaction as the work's own writes: when the work throws, neither
     * stays, and the redelivery applies the event then.
     *
     * @param handler a stable name for the handler (one event may be applied by several handlers of a service)
     * @return true if the work ran now, false if the event was a duplicate
     */
    boolean applyOnce(String handler, UUID eventId, Runnable work);
}
