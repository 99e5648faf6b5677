package dev.lalala.defaults.observability;

import io.micrometer.observation.Observation;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.handler.TracingObservationHandler;

/** Reads the trace id straight off a request's observation, which both web stacks keep on the request. */
final class ObservationTraceIds {

    private ObservationTraceIds() {
    }

    static String of(Observation.Context context) {
        if (context == null) {
            return null;
        }
        TracingObservationHandler.TracingContext tracing = context.get(TracingObservationHandler.TracingContext.class);
        if (tracing == null) {
            return null;
        }
        Span span = tracing.getSpan();
        return span == null ? null : span.context().traceId();
    }
}
