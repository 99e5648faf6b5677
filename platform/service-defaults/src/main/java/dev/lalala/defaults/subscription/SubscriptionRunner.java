package dev.lalala.defaults.subscription;

import dev.lalala.defaults.subscription.Subscriptions.BatchSubscription;
import dev.lalala.defaults.subscription.Subscriptions.Subscription;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.MalformedEventException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.KafkaAdmin;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import org.springframework.kafka.listener.BatchConsumerAwareMessageListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerAwareMessageListener;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.ExponentialBackOffWithMaxRetries;

/**
 * Runs the service's declared {@link Subscriptions}: one listener container per consumer group (the service's
 * group, and one per instance for {@link Subscriptions#everyInstance()} handlers), static membership, at-least-once
 * delivery made idempotent by the {@link ProcessedEventStore}, retries with exponential back-off, then the
 * dead-letter topic {@code <topic>.<service>.dlt}; per-handler counters and lag gauges. A group with a
 * {@link Subscriptions#onBatch batch handler} is consumed a poll at a time (one offset commit per poll); the others
 * an event at a time (a commit per event).
 */
public class SubscriptionRunner implements SmartLifecycle, ApplicationContextAware {

    public static final String EVENTS_METRIC = "lalala.subscription.events";
    public static final String LAG_METRIC = "lalala.subscription.lag";
    /** Dead-letter headers: the handler that failed, the failure's class and message. */
    public static final String HANDLER_HEADER = "lalala-handler";
    public static final String FAILURE_HEADER = "lalala-failure";
    public static final String FAILURE_MESSAGE_HEADER = "lalala-failure-message";

    private static final Logger log = LoggerFactory.getLogger(SubscriptionRunner.class);
    /** Instance ids taken in this JVM: two contexts of one service in a test JVM must not fence each other. */
    private static final Set<String> INSTANCE_IDS_IN_USE = ConcurrentHashMap.newKeySet();

    private final List<Subscriptions> declared;
    private final ConsumerFactory<String, String> consumers;
    private final KafkaOperations<String, String> kafka;
    private final ObjectProvider<ProcessedEventStore> store;
    private final ObjectProvider<MeterRegistry> meters;
    private final ObjectProvider<KafkaAdmin> admin;
    private final SubscriptionProperties properties;
    private final String service;
    private final String requestedInstanceId;
    private final List<ConcurrentMessageListenerContainer<String, String>> containers = new ArrayList<>();
    /** Per group, kept across stop and start so that the gauges registered once keep reading the live values. */
    private final Map<String, SubscriptionLag> lags = new ConcurrentHashMap<>();
    private ApplicationContext context;
    private volatile String instanceId;
    private volatile boolean running;

    public SubscriptionRunner(List<Subscriptions> declared, ConsumerFactory<String, String> consumers,
            KafkaOperations<String, String> kafka, ObjectProvider<ProcessedEventStore> store,
            ObjectProvider<MeterRegistry> meters, ObjectProvider<KafkaAdmin> admin, SubscriptionProperties properties,
            String service, String instanceId) {
        this.declared = List.copyOf(declared);
        this.consumers = consumers;
        this.kafka = kafka;
        this.store = store;
        this.meters = meters;
        this.admin = admin;
        this.properties = properties;
        this.service = service;
        this.requestedInstanceId = instanceId;
        check();
    }

    /** The dead-letter topic of a subscribed topic for this service's consumer group. */
    public static String deadLetterTopic(String topic, String service) {
        return topic + "." + service + ".dlt";
    }

    /** The service's consumer group. */
    public String groupId() {
        return service;
    }

    /** This process's static member id ({@code group.instance.id}); null before start. */
    public String instanceId() {
        return instanceId;
    }

    private void check() {
        Set<String> names = new HashSet<>();
        Map<Class<?>, String> batched = new HashMap<>();
        for (Subscriptions subscriptions : declared) {
            List<String> declaredNames = new ArrayList<>();
            subscriptions.list().forEach(s -> declaredNames.add(s.name()));
            subscriptions.batches().forEach(b -> declaredNames.add(b.name()));
            for (String name : declaredNames) {
                if (!names.add(name)) {
                    throw new IllegalStateException("Two subscription handlers are named '" + name
                            + "': give one a name of its own (Subscriptions.on(type, name, handler))");
                }
            }
            for (BatchSubscription b : subscriptions.batches()) {
                for (Class<?> type : b.types()) {
                    String other = batched.putIfAbsent(type, b.name());
                    if (other != null) {
                        throw new IllegalStateException("Batch handlers '" + other + "' and '" + b.name()
                                + "' both take " + type.getSimpleName() + ": one batch handler per event type");
                    }
                }
            }
        }
    }

    @Override
    public void setApplicationContext(ApplicationContext context) {
        this.context = context;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        instanceId = claimInstanceId(requestedInstanceId);
        Map<Boolean, List<Subscription<?>>> byMode = new LinkedHashMap<>();
        Map<Boolean, List<BatchSubscription>> batchesByMode = new HashMap<>();
        for (Subscriptions subscriptions : declared) {
            byMode.computeIfAbsent(subscriptions.isEveryInstance(), k -> new ArrayList<>())
                    .addAll(subscriptions.list());
            batchesByMode.computeIfAbsent(subscriptions.isEveryInstance(), k -> new ArrayList<>())
                    .addAll(subscriptions.batches());
        }
        byMode.forEach((everyInstance, subscriptions) -> {
            List<BatchSubscription> batches = batchesByMode.getOrDefault(everyInstance, List.of());
            if (!subscriptions.isEmpty() || !batches.isEmpty()) {
                containers.add(container(subscriptions, batches, everyInstance));
            }
        });
        containers.forEach(ConcurrentMessageListenerContainer::start);
        running = true;
    }

    @Override
    public synchronized void stop() {
        containers.forEach(ConcurrentMessageListenerContainer::stop);
        containers.clear();
        if (instanceId != null) {
            INSTANCE_IDS_IN_USE.remove(instanceId);
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** With the listener containers: after the producers and datastores are up, stopped before them. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 100;
    }

    private static String claimInstanceId(String requested) {
        String id = requested;
        for (int n = 2; !INSTANCE_IDS_IN_USE.add(id); n++) {
            id = requested + "-" + n;
        }
        return id;
    }

    private ConcurrentMessageListenerContainer<String, String> container(List<Subscription<?>> subscriptions,
            List<BatchSubscription> batches, boolean everyInstance) {
        for (Subscription<?> s : subscriptions) {
            if (!s.idempotentByItself() && store.getIfAvailable() == null) {
                throw new IllegalStateException("Subscription handler '" + s.name() + "' needs a ProcessedEventStore "
                        + "bean to skip redelivered events (outbox-jdbc brings one); declare it with onIdempotent "
                        + "if running it twice for one event is harmless");
            }
        }
        String group = everyInstance ? service + "." + instanceId : service;
        Set<String> topics = new LinkedHashSet<>();
        subscriptions.forEach(s -> topics.add(s.topic()));
        batches.forEach(b -> topics.addAll(b.topics()));
        createDeadLetterTopics(topics);

        boolean firstStart = !lags.containsKey(group);
        SubscriptionLag lag = lags.computeIfAbsent(group, g -> new SubscriptionLag());
        MeterRegistry registry = meters.getIfAvailable();
        if (registry != null && firstStart) {
            for (Subscription<?> s : subscriptions) {
                Gauge.builder(LAG_METRIC, lag, l -> l.of(s.topic()))
                        .description("Events waiting behind the last one handled, on the partitions this instance holds")
                        .tag("handler", s.name()).tag("topic", s.topic()).register(registry);
            }
            for (BatchSubscription b : batches) {
                for (String topic : b.topics()) {
                    Gauge.builder(LAG_METRIC, lag, l -> l.of(topic))
                            .description("Events waiting behind the last one handled, on the partitions this instance holds")
                            .tag("handler", b.name()).tag("topic", topic).register(registry);
                }
            }
        }

        ContainerProperties container = new ContainerProperties(topics.toArray(String[]::new));
        container.setGroupId(group);
        container.setClientId(group + "-" + instanceId);
        // A batch handler's events are committed once per poll, after the whole poll was handled.
        container.setAckMode(batches.isEmpty() ? ContainerProperties.AckMode.RECORD
                : ContainerProperties.AckMode.BATCH);
        container.setObservationEnabled(true);
        container.setConsumerRebalanceListener(lag);
        Properties kafkaProperties = new Properties();
        // Static membership: a restarted instance rejoins under the same id and gets its partitions back at once,
        // without a rebalance of the whole group. Spring Kafka adds "-<n>" per consumer thread.
        kafkaProperties.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
        // An instance that is gone for good (or a member that never said goodbye) holds its partitions until the
        // session times out: 10 s rather than Kafka's 45 s, with heartbeats sized to match.
        kafkaProperties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(properties.getSessionTimeout().toMillis()));
        kafkaProperties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG,
                Long.toString(Math.max(500, properties.getSessionTimeout().toMillis() / 3)));
        if (everyInstance) {
            kafkaProperties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        }
        container.setKafkaConsumerProperties(kafkaProperties);
        container.setMessageListener(batches.isEmpty() ? new Listener(subscriptions, lag)
                : new BatchListener(subscriptions, batches, lag));

        ConcurrentMessageListenerContainer<String, String> listeners =
                new ConcurrentMessageListenerContainer<>(leavingUnlessShuttingDown(), container);
        listeners.setConcurrency(Math.max(1, properties.getConcurrency()));
        listeners.setCommonErrorHandler(errorHandler());
        listeners.setBeanName("subscriptions-" + group);
        if (context != null) {
            listeners.setApplicationContext(context);
            listeners.setApplicationEventPublisher(context);
        }
        List<String> described = new ArrayList<>();
        subscriptions.forEach(s -> described.add(s.name() + " <- " + s.topic()));
        batches.forEach(b -> described.add(b.name() + " (batches) <- " + b.topics()));
        log.info("Subscriptions of {} (group {}, instance {}): {}", service, group, instanceId, described);
        return listeners;
    }

    /**
     * The service's consumer settings, with consumers that keep their static membership when the JVM ends (a
     * restart takes the partitions back at once) but leave the group when only the context stops while the JVM
     * goes on (a test context paused in the cache, an in-process restart): else their partitions would wait for
     * the session timeout with nobody consuming them.
     */
    private ConsumerFactory<String, String> leavingUnlessShuttingDown() {
        DefaultKafkaConsumerFactory<String, String> factory =
                new DefaultKafkaConsumerFactory<>(consumers.getConfigurationProperties());
        if (consumers instanceof DefaultKafkaConsumerFactory<String, String> configured) {
            configured.getListeners().forEach(factory::addListener);
        }
        factory.addPostProcessor(SubscriptionRunner::leavingUnlessShuttingDown);
        return factory;
    }

    @SuppressWarnings("unchecked")
    private static Consumer<String, String> leavingUnlessShuttingDown(Consumer<String, String> consumer) {
        return (Consumer<String, String>) Proxy.newProxyInstance(SubscriptionRunner.class.getClassLoader(),
                new Class<?>[] {Consumer.class}, (proxy, method, args) -> {
                    if (method.getName().equals("close") && !jvmShuttingDown()) {
                        CloseOptions leave = CloseOptions.groupMembershipOperation(
                                CloseOptions.GroupMembershipOperation.LEAVE_GROUP);
                        if (args != null && args.length == 1 && args[0] instanceof Duration timeout) {
                            leave = leave.withTimeout(timeout);
                        }
                        consumer.close(leave);
                        return null;
                    }
                    try {
                        return method.invoke(consumer, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }

    private static boolean jvmShuttingDown() {
        Thread probe = new Thread(() -> { });
        try {
            Runtime.getRuntime().addShutdownHook(probe);
            Runtime.getRuntime().removeShutdownHook(probe);
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }

    private void createDeadLetterTopics(Set<String> topics) {
        KafkaAdmin kafkaAdmin = admin.getIfAvailable();
        if (kafkaAdmin == null) {
            return;
        }
        try {
            kafkaAdmin.createOrModifyTopics(topics.stream()
                    .map(topic -> TopicBuilder.name(deadLetterTopic(topic, service)).build())
                    .toArray(org.apache.kafka.clients.admin.NewTopic[]::new));
        } catch (RuntimeException e) {
            // The broker may create them on first use; a dead letter must not stop the service from starting.
            log.warn("Could not create the dead-letter topics of {}: {}", service, e.toString());
        }
    }

    private DefaultErrorHandler errorHandler() {
        SubscriptionProperties.Retry retry = properties.getRetry();
        ExponentialBackOffWithMaxRetries backOff = new ExponentialBackOffWithMaxRetries(retry.getMaxRetries());
        backOff.setInitialInterval(retry.getInitialInterval().toMillis());
        backOff.setMultiplier(retry.getMultiplier());
        backOff.setMaxInterval(retry.getMaxInterval().toMillis());

        DeadLetterPublishingRecoverer deadLetters = new DeadLetterPublishingRecoverer(kafka,
                (record, e) -> new TopicPartition(deadLetterTopic(record.topic(), service), -1));
        deadLetters.setHeadersFunction(SubscriptionRunner::failureHeaders);
        ConsumerAwareRecordRecoverer recoverer = (record, consumer, e) -> {
            deadLetters.accept(record, consumer, e);
            count(handlerOf(e).orElse("-"), "dead-lettered");
            log.error("Event at {}-{}@{} parked on {} after {}", record.topic(), record.partition(), record.offset(),
                    deadLetterTopic(record.topic(), service), e.toString());
        };
        DefaultErrorHandler handler = new DefaultErrorHandler(recoverer, backOff);
        // Garbage and deterministic refusals do not get better by waiting.
        handler.addNotRetryableExceptions(MalformedEventException.class, IllegalArgumentException.class);
        return handler;
    }

    private static Headers failureHeaders(ConsumerRecord<?, ?> record, Exception e) {
        // Past Spring's wrappers (ListenerExecutionFailedException) to what the listener threw.
        Throwable cause = e;
        while (cause instanceof org.springframework.kafka.KafkaException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String handler = "-";
        if (cause instanceof SubscriptionHandlerException failed) {
            handler = failed.handler();
            cause = failed.getCause();
        }
        Headers headers = new RecordHeaders();
        headers.add(HANDLER_HEADER, handler.getBytes(StandardCharsets.UTF_8));
        headers.add(FAILURE_HEADER, cause.getClass().getName().getBytes(StandardCharsets.UTF_8));
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        headers.add(FAILURE_MESSAGE_HEADER, message.getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    private static Optional<String> handlerOf(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SubscriptionHandlerException failed) {
                return Optional.of(failed.handler());
            }
        }
        return Optional.empty();
    }

    private void count(String handler, String outcome) {
        count(handler, outcome, 1);
    }

    private void count(String handler, String outcome, int events) {
        MeterRegistry registry = meters.getIfAvailable();
        if (registry != null && events > 0) {
            Counter.builder(EVENTS_METRIC).description("Events a subscription handler applied, skipped or failed")
                    .tag("handler", handler).tag("outcome", outcome).register(registry).increment(events);
        }
    }

    /** Hands events to a batch handler; a failure names it. */
    private void applyBatch(BatchSubscription batch, List<EventEnvelope<?>> events) {
        try {
            batch.handler().handle(events);
            count(batch.name(), "applied", events.size());
        } catch (RuntimeException e) {
            count(batch.name(), "failed");
            throw new SubscriptionHandlerException(batch.name(), e);
        }
    }

    /** Hands one event to one per-event handler, through the store unless it is idempotent by itself. */
    private void apply(Subscription<?> subscription, EventEnvelope<?> event) {
        try {
            if (subscription.idempotentByItself()) {
                subscription.handle(event);
                count(subscription.name(), "applied");
            } else if (store.getObject().applyOnce(subscription.name(), event.id(), () -> subscription.handle(event))) {
                count(subscription.name(), "applied");
            } else {
                count(subscription.name(), "duplicate");
            }
        } catch (RuntimeException e) {
            count(subscription.name(), "failed");
            throw new SubscriptionHandlerException(subscription.name(), e);
        }
    }

    /** One record: read the envelope, hand it to each handler of its type, once per handler. */
    private final class Listener implements ConsumerAwareMessageListener<String, String> {

        private final Map<Class<?>, List<Subscription<?>>> byType = new HashMap<>();
        private final SubscriptionLag lag;

        Listener(List<Subscription<?>> subscriptions, SubscriptionLag lag) {
            subscriptions.forEach(s -> byType.computeIfAbsent(s.type(), k -> new ArrayList<>()).add(s));
            this.lag = lag;
        }

        @Override
        public void onMessage(ConsumerRecord<String, String> record, Consumer<?, ?> consumer) {
            if (record.value() != null) {
                // Types this build does not know (a newer producer's) are skipped; garbage throws, to the DLT.
                EventJson.readIfKnown(record.value()).ifPresent(event -> {
                    for (Subscription<?> subscription : byType.getOrDefault(event.payload().getClass(), List.of())) {
                        apply(subscription, event);
                    }
                });
            }
            lag.handled(record, consumer);
        }
    }

    /**
     * One poll: runs of consecutive events that one batch handler takes (and records without an event for anyone,
     * which ride along) go to it at once; any other event first ends the run, then goes to its handlers alone. A
     * failure names the record it happened on ({@link BatchListenerFailedException}): the error handler commits
     * what came before it, and retries and dead-letters that record as the record listener would.
     */
    final class BatchListener implements BatchConsumerAwareMessageListener<String, String> {

        private final Map<Class<?>, List<Subscription<?>>> byType = new HashMap<>();
        private final Map<Class<?>, BatchSubscription> batchOf = new HashMap<>();
        private final SubscriptionLag lag;

        BatchListener(List<Subscription<?>> subscriptions, List<BatchSubscription> batches, SubscriptionLag lag) {
            subscriptions.forEach(s -> byType.computeIfAbsent(s.type(), k -> new ArrayList<>()).add(s));
            batches.forEach(b -> b.types().forEach(type -> batchOf.put(type, b)));
            this.lag = lag;
        }

        @Override
        public void onMessage(List<ConsumerRecord<String, String>> records, Consumer<?, ?> consumer) {
            Run run = new Run(consumer);
            for (ConsumerRecord<String, String> record : records) {
                Optional<EventEnvelope<?>> event;
                try {
                    // Types this build does not know (a newer producer's) are skipped; garbage throws, to the DLT.
                    event = record.value() == null ? Optional.empty() : EventJson.readIfKnown(record.value());
                } catch (RuntimeException e) {
                    run.flush();
                    throw new BatchListenerFailedException("unreadable event", e, record);
                }
                BatchSubscription batch = event.map(e -> batchOf.get(e.payload().getClass())).orElse(null);
                List<Subscription<?>> single = event.map(e -> byType.getOrDefault(e.payload().getClass(), List.of()))
                        .orElse(List.of());
                if (single.isEmpty()) {
                    // The batch handler's, or no one's (rides along in the run).
                    run.add(batch, record, batch == null ? null : event.get());
                    continue;
                }
                run.flush();
                try {
                    if (batch != null) {
                        applyBatch(batch, List.of(event.get()));
                    }
                    single.forEach(s -> apply(s, event.get()));
                } catch (RuntimeException e) {
                    throw new BatchListenerFailedException("handler failed", e, record);
                }
                lag.handled(record, consumer);
            }
            run.flush();
        }

        /** The records waiting for one batch handler. */
        private final class Run {

            private final Consumer<?, ?> consumer;
            private final List<ConsumerRecord<String, String>> waiting = new ArrayList<>();
            private final List<EventEnvelope<?>> events = new ArrayList<>();
            private final List<ConsumerRecord<String, String>> eventRecords = new ArrayList<>();
            private BatchSubscription handler;

            Run(Consumer<?, ?> consumer) {
                this.consumer = consumer;
            }

            void add(BatchSubscription batch, ConsumerRecord<String, String> record, EventEnvelope<?> event) {
                if (batch != null && handler != null && handler != batch) {
                    flush();
                }
                if (batch != null) {
                    handler = batch;
                    events.add(event);
                    eventRecords.add(record);
                }
                waiting.add(record);
            }

            void flush() {
                if (!events.isEmpty()) {
                    try {
                        handler.handler().handle(List.copyOf(events));
                        count(handler.name(), "applied", events.size());
                    } catch (RuntimeException failed) {
                        log.warn("Batch handler {} failed on {} events ({}); trying them one at a time",
                                handler.name(), events.size(), failed.toString());
                        // Which one: one at a time (those before it are applied again, which the handler allows).
                        // The error handler commits the records before the failed one and retries from it.
                        for (int i = 0; i < events.size(); i++) {
                            try {
                                applyBatch(handler, List.of(events.get(i)));
                            } catch (RuntimeException e) {
                                throw new BatchListenerFailedException("handler failed", e, eventRecords.get(i));
                            }
                        }
                    }
                }
                waiting.forEach(r -> lag.handled(r, consumer));
                waiting.clear();
                events.clear();
                eventRecords.clear();
                handler = null;
            }
        }
    }
}
