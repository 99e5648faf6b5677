package dev.lalala.defaults.subscription;

import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventPayload;
import dev.lalala.events.EventType;
import dev.lalala.events.EventTypes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What a service reacts to, declared in one place as a bean; service-defaults turns it into a Kafka consumer group
 * per service (static membership), skips event ids already applied ({@link ProcessedEventStore}), retries with
 * back-off, parks poison events on {@code <topic>.<service>.dlt}, and counts per handler. For example:
 *
 * <pre>{@code
 * @Bean
 * Subscriptions trackSubscriptions(PlayCounter plays, UserDeletedHandler users) {
 *     return Subscriptions.create()
 *             .on(PlayVerified.class, plays::count)
 *             .on(UserDeleted.class, users::userDeleted);
 * }
 * }</pre>
 *
 * A handler's name (default: the event type's name) is what the store remembers applied ids under and what the
 * metrics are tagged with: keep it stable, and give a name when two handlers take the same event type.
 */
public final class Subscriptions {

    private final List<Subscription<?>> subscriptions = new ArrayList<>();
    private final List<BatchSubscription> batches = new ArrayList<>();
    private final boolean everyInstance;

    private Subscriptions(boolean everyInstance) {
        this.everyInstance = everyInstance;
    }

    /** Handlers shared out over the service's instances: each event is handled by one instance. */
    public static Subscriptions create() {
        return new Subscriptions(false);
    }

    /**
     * Handlers every instance runs for every event (for example to forget what it cached): each instance is its
     * own consumer group ({@code <service>.<instance-id>}) and starts at the newest event the first time. Such
     * handlers are usually declared with {@link #onIdempotent}.
     */
    public static Subscriptions everyInstance() {
        return new Subscriptions(true);
    }

    /** On each event of this type call the handler, at most once per event id (needs a {@link ProcessedEventStore}). */
    public <P extends EventPayload> Subscriptions on(Class<P> type, EventHandler<P> handler) {
        return on(type, defaultName(type), handler);
    }

    public <P extends EventPayload> Subscriptions on(Class<P> type, String name, EventHandler<P> handler) {
        Objects.requireNonNull(handler, "handler");
        return add(type, name, false, event -> handler.handle(event.payload()));
    }

    /** Like {@link #on(Class, EventHandler)}, for a handler that needs the envelope too. */
    public <P extends EventPayload> Subscriptions onEnvelope(Class<P> type, EnvelopeHandler<P> handler) {
        return onEnvelope(type, defaultName(type), handler);
    }

    public <P extends EventPayload> Subscriptions onEnvelope(Class<P> type, String name, EnvelopeHandler<P> handler) {
        return add(type, name, false, Objects.requireNonNull(handler, "handler"));
    }

    /**
     * For a handler that is idempotent by itself (running it twice for one event does what running it once does,
     * an eviction for one): no event ids are remembered, so a service without a {@link ProcessedEventStore} can
     * subscribe. A redelivered event runs it again.
     */
    public <P extends EventPayload> Subscriptions onIdempotent(Class<P> type, EventHandler<P> handler) {
        return onIdempotent(type, defaultName(type), handler);
    }

    public <P extends EventPayload> Subscriptions onIdempotent(Class<P> type, String name, EventHandler<P> handler) {
        Objects.requireNonNull(handler, "handler");
        return add(type, name, true, event -> handler.handle(event.payload()));
    }

    /** Like {@link #onIdempotent(Class, EventHandler)}, for a handler that needs the envelope too (its time, say). */
    public <P extends EventPayload> Subscriptions onIdempotentEnvelope(Class<P> type, EnvelopeHandler<P> handler) {
        return onIdempotentEnvelope(type, defaultName(type), handler);
    }

    public <P extends EventPayload> Subscriptions onIdempotentEnvelope(Class<P> type, String name,
            EnvelopeHandler<P> handler) {
        return add(type, name, true, Objects.requireNonNull(handler, "handler"));
    }

    /**
     * One handler for events of several types that takes runs of consecutive events at once ({@link BatchHandler}):
     * the service's consumer then works a poll at a time (one offset commit per poll) instead of an event at a time.
     * Events of other handlers in between split the run, so every handler still sees the events in the order of
     * their partitions. When a run fails, its events are retried one at a time to find the one that fails: only
     * that one goes through the retries and then to the dead-letter topic, as with {@link #on}. No event ids are
     * remembered: the handler must be idempotent by itself (an event handed to it twice does what once does).
     */
    public Subscriptions onBatch(String name, Collection<Class<? extends EventPayload>> types, BatchHandler handler) {
        Objects.requireNonNull(handler, "handler");
        checkName(name);
        if (types == null || types.isEmpty()) {
            throw new IllegalArgumentException("a batch handler needs at least one event type");
        }
        Set<String> topics = new LinkedHashSet<>();
        types.forEach(type -> topics.add(topicOf(type)));
        batches.add(new BatchSubscription(name, Set.copyOf(types), Set.copyOf(topics), handler));
        return this;
    }

    public List<Subscription<?>> list() {
        return List.copyOf(subscriptions);
    }

    public List<BatchSubscription> batches() {
        return List.copyOf(batches);
    }

    public boolean isEveryInstance() {
        return everyInstance;
    }

    private <P extends EventPayload> Subscriptions add(Class<P> type, String name, boolean idempotentByItself,
            EnvelopeHandler<P> handler) {
        Objects.requireNonNull(type, "type");
        checkName(name);
        subscriptions.add(new Subscription<>(type, topicOf(type), name, idempotentByItself, handler));
        return this;
    }

    private static void checkName(String name) {
        if (name == null || name.isBlank() || name.length() > 100) {
            throw new IllegalArgumentException("a handler needs a name of 1 to 100 characters");
        }
    }

    private static String defaultName(Class<?> type) {
        return type.getSimpleName();
    }

    private static String topicOf(Class<?> type) {
        Objects.requireNonNull(type, "type");
        return EventTypes.ALL.stream()
                .filter(t -> t.payloadClass().equals(type))
                .map(EventType::topic)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(type.getName() + " is no registered event type"));
    }

    /** One declared handler. */
    public record Subscription<P extends EventPayload>(
            Class<P> type, String topic, String name, boolean idempotentByItself, EnvelopeHandler<P> handler) {

        @SuppressWarnings("unchecked")
        void handle(EventEnvelope<?> event) {
            handler.handle((EventEnvelope<P>) event);
        }
    }

    /** One declared batch handler: the event types it takes and their topics. */
    public record BatchSubscription(String name, Set<Class<? extends EventPayload>> types, Set<String> topics,
            BatchHandler handler) {
    }
}
