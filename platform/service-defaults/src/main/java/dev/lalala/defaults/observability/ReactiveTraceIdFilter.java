package dev.lalala.defaults.observability;

import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/** The reactive twin of {@link ServletTraceIdFilter}; also leaves the id on the exchange for error handlers. */
public class ReactiveTraceIdFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String traceId = ServerRequestObservationContext.findCurrent(exchange.getAttributes())
                .map(ObservationTraceIds::of)
                .orElse(null);
        if (traceId != null) {
            exchange.getAttributes().put(TraceIds.EXCHANGE_ATTRIBUTE, traceId);
            exchange.getResponse().beforeCommit(() -> {
                exchange.getResponse().getHeaders().set(TraceIds.HEADER, traceId);
                return Mono.empty();
            });
        }
        return chain.filter(exchange);
    }
}
