package dev.lalala.defaults.subscription;

import dev.lalala.events.EventPayload;

/** A subscription's handler: plain code that gets the event's payload, no Kafka types (tests call it directly). */
@FunctionalInterface
public interface EventHandler<P extends EventPayload> {

    void handle(P payload);
}
