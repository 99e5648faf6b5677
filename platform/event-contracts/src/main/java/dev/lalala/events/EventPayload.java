package dev.lalala.events;

/**
 * The payload of one event. Its key is the id of the entity the event is about: Kafka partitions by it,
 * so that one entity's events stay in order.
 */
public interface EventPayload {

    /** The entity id this event is keyed by (the Kafka record key and the envelope's {@code key}). */
    String eventKey();
}
