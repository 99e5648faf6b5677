package dev.lalala.defaults.subscription;

import dev.lalala.events.EventEnvelope;
import java.util.List;

/**
 * A handler that takes consecutive events at once (up to one poll's worth), in the order they came off the topics,
 * so that it can read and write them in a few round trips instead of a few per event. It must be idempotent by
 * itself: no event ids are remembered for it, and after a failure some of the events may be handed to it again.
 */
@FunctionalInterface
public interface BatchHandler {

    void handle(List<EventEnvelope<?>> events);
}
