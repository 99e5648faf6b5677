package dev.lalala.defaults.outbox;

import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventPayload;
import dev.lalala.events.EventType;

/**
 * Records an event in the same database transaction as the change it describes; the relay publishes it to
 * Kafka after commit. So an event is never lost, and never sent for a change that rolled back.
 */
public interface Outbox {

    /**
     * Adds the event to the outbox. Must be called inside the transaction that makes the change.
     *
     * @throws IllegalStateException when no transaction is active
     */
    <P extends EventPayload> EventEnvelope<P> publish(EventType<P> type, P payload);
}
