package dev.lalala.defaults.outbox;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Carries a request's trace across the outbox: the W3C traceparent is stored with the event and restored when
 * the relay publishes it, so a consumer's work shows up in the trace of the request that caused it.
 */
public class TraceContextCarrier {

    static final String TRACEPARENT = "traceparent";

    private final ObjectProvider<Tracer> tracer;
    private final ObjectProvider<Propagator> propagator;

    public TraceContextCarrier(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** The current traceparent, or null outside a trace. */
    public String capture() {
        Tracer t = tracer.getIfAvailable();
        Propagator p = propagator.getIfAvailable();
        if (t == null || p == null || t.currentSpan() == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        p.inject(t.currentSpan().context(), carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** Runs the send as a child span of the stored trace, so the Kafka producer observation continues it. */
    public <T> T continueTrace(String traceparent, String spanName, Supplier<T> work) {
        Tracer t = tracer.getIfAvailable();
        Propagator p = propagator.getIfAvailable();
        if (traceparent == null || t == null || p == null) {
            return work.get();
        }
        Map<String, String> carrier = Map.of(TRACEPARENT, traceparent);
        Span span = p.extract(carrier, Map::get).name(spanName).kind(Span.Kind.PRODUCER).start();
        try (Tracer.SpanInScope ignored = t.withSpan(span)) {
            return work.get();
        } finally {
            span.end();
        }
    }
}
