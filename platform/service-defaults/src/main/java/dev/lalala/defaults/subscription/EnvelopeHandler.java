package dev.lalala.defaults.subscription;

import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventPayload;

/** A handler that also needs the envelope (the event's id, time or key), not only the payload. */
@FunctionalInterface
public interface EnvelopeHandler<P extends EventPayload> {

    void handle(EventEnvelope<P> event);
}
