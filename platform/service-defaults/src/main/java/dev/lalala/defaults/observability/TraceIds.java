package dev.lalala.defaults.observability;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;

/** The id of the trace the current request belongs to, for problems, logs and the X-Trace-Id header. */
public class TraceIds {

    public static final String HEADER = "X-Trace-Id";

    /** Where reactive services keep the trace id on the exchange: the span is not in a ThreadLocal there. */
    public static final String EXCHANGE_ATTRIBUTE = TraceIds.class.getName() + ".traceId";

    private final ObjectProvider<Tracer> tracer;

    public TraceIds(ObjectProvider<Tracer> tracer) {
        this.tracer = tracer;
    }

    /** The current trace id, or null outside a trace. */
    public String current() {
        Tracer t = tracer.getIfAvailable();
        if (t == null) {
            return null;
        }
        Span span = t.currentSpan();
        return span == null ? null : span.context().traceId();
    }
}
