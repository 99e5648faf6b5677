package dev.lalala.events;

import java.util.Objects;

/**
 * One kind of event: its name in the envelope's {@code type}, its schema version, the topic it travels on,
 * and the record its payload reads into.
 */
public record EventType<P extends EventPayload>(String name, int version, String topic, Class<P> payloadClass) {

    public EventType {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payloadClass, "payloadClass");
        if (version < 1) {
            throw new IllegalArgumentException("version must be 1 or more");
        }
    }

    public static <P extends EventPayload> EventType<P> of(String topic, Class<P> payloadClass) {
        return new EventType<>(payloadClass.getSimpleName(), 1, topic, payloadClass);
    }
}
