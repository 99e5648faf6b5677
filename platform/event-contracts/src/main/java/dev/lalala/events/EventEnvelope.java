package dev.lalala.events;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * The one envelope every Kafka event travels in. {@code id} is what idempotent consumers remember;
 * {@code key} is the entity id and also the Kafka record key.
 */
public record EventEnvelope<P extends EventPayload>(
        UUID id, String type, int version, Instant occurredAt, String key, P payload) {

    public EventEnvelope {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(payload, "payload");
    }

    /** A new event of the given type, now, with a random id. */
    public static <P extends EventPayload> EventEnvelope<P> of(EventType<P> type, P payload) {
        return of(type, payload, Clock.systemUTC());
    }

    public static <P extends EventPayload> EventEnvelope<P> of(EventType<P> type, P payload, Clock clock) {
        if (!type.payloadClass().isInstance(payload)) {
            throw new IllegalArgumentException(
                    "payload " + payload.getClass().getName() + " is not a " + type.payloadClass().getName());
        }
        // Millisecond precision: what MySQL DATETIME(3) and JavaScript dates keep, so a round trip is exact.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        return new EventEnvelope<>(UUID.randomUUID(), type.name(), type.version(), now, payload.eventKey(), payload);
    }

    /** The topic this event belongs on, as registered in {@link EventTypes}. */
    public String topic() {
        return EventTypes.require(type, version).topic();
    }
}
