package dev.lalala.gateway.routing;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Stands between a route and its service: the service's circuit breaker, and problem+json for a service that is
 * not there (503) or too slow (504).
 *
 * <p>Unlike Spring Cloud Gateway's CircuitBreaker filter, this never replaces what the service answered: a 404 or a
 * 500 problem from the service reaches the client untouched. The breaker counts connection failures, timeouts and
 * 5xx answers as failures, everything else as success; when it is open, calls fail at once with a 503 and never
 * reach the service. The request body is streamed, never buffered (no fallback re-dispatch needs it), so large
 * uploads pass through at constant memory.
 *
 * <p>WebSocket upgrades are not counted (a session lasts minutes or hours): they are only refused while the breaker
 * is open; {@link dev.lalala.gateway.websocket.WebSocketProxyFilter} proxies them.
 */
public final class ServiceGuard implements GatewayFilter, Ordered {

    /** After NettyWriteResponseFilter (-1) in the chain: the status is known here, the body is not written yet. */
    public static final int ORDER = 0;

    private static final String CORS_PREFIX = "access-control-";

    private final String service;
    private final CircuitBreaker breaker;
    private final Duration responseTimeout;

    public ServiceGuard(String service, CircuitBreaker breaker, Duration responseTimeout) {
        this.service = service;
        this.breaker = breaker;
        this.responseTimeout = responseTimeout;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (isWebSocketUpgrade(exchange)) {
            if (isOpen()) {
                return refuse(exchange);
            }
            return chain.filter(exchange);
        }
        if (!breaker.tryAcquirePermission()) {
            return refuse(exchange);
        }
        long start = breaker.getCurrentTimestamp();
        AtomicBoolean settled = new AtomicBoolean();
        Map<String, List<String>> gatewayCors = corsHeaders(exchange.getResponse().getHeaders());
        return chain.filter(exchange)
                .then(Mono.<Void>fromRunnable(() -> {
                    keepGatewayCors(exchange.getResponse(), gatewayCors);
                    if (settled.compareAndSet(false, true)) {
                        HttpStatusCode status = exchange.getResponse().getStatusCode();
                        if (status != null && status.is5xxServerError()) {
                            breaker.onError(elapsed(start), breaker.getTimestampUnit(),
                                    new ServiceErrorStatus(service, status));
                        } else {
                            breaker.onSuccess(elapsed(start), breaker.getTimestampUnit());
                        }
                    }
                }))
                .onErrorResume(error -> {
                    DownstreamFailures.Kind kind = DownstreamFailures.classify(error);
                    if (settled.compareAndSet(false, true)) {
                        if (kind != null) {
                            breaker.onError(elapsed(start), breaker.getTimestampUnit(), error);
                        } else {
                            breaker.releasePermission();
                        }
                    }
                    return Mono.<Void>error(kind == null ? error
                            : DownstreamFailures.problem(kind, service, responseTimeout));
                })
                .doOnCancel(() -> {
                    if (settled.compareAndSet(false, true)) {
                        breaker.releasePermission();
                    }
                });
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    public String service() {
        return service;
    }

    public Duration responseTimeout() {
        return responseTimeout;
    }

    private long elapsed(long start) {
        return breaker.getCurrentTimestamp() - start;
    }

    private boolean isOpen() {
        CircuitBreaker.State state = breaker.getState();
        return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
    }

    /** The breaker does not let this call through: a 503 at once, with a hint when to try again. */
    private Mono<Void> refuse(ServerWebExchange exchange) {
        long waitMillis = breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1);
        exchange.getResponse().getHeaders().set(HttpHeaders.RETRY_AFTER,
                Long.toString(Math.max(1, (waitMillis + 999) / 1000)));
        return Mono.error(DownstreamFailures.unavailable(service).with("circuitBreaker", "open"));
    }

    static boolean isWebSocketUpgrade(ServerWebExchange exchange) {
        return "websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade());
    }

    /** The gateway answers CORS itself: headers a service sent would duplicate or contradict the gateway's. */
    private static Map<String, List<String>> corsHeaders(HttpHeaders headers) {
        Map<String, List<String>> cors = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (name.toLowerCase(Locale.ROOT).startsWith(CORS_PREFIX)) {
                cors.put(name, new ArrayList<>(values));
            }
        });
        return cors;
    }

    private static void keepGatewayCors(ServerHttpResponse response, Map<String, List<String>> gatewayCors) {
        if (response.isCommitted()) {
            return;
        }
        HttpHeaders headers = response.getHeaders();
        List<String> fromService = headers.headerNames().stream()
                .filter(name -> name.toLowerCase(Locale.ROOT).startsWith(CORS_PREFIX))
                .toList();
        fromService.forEach(headers::remove);
        gatewayCors.forEach(headers::put);
    }

    /** A service answered with a 5xx: a failure for its breaker, though the answer itself passes through. */
    static final class ServiceErrorStatus extends RuntimeException {

        ServiceErrorStatus(String service, HttpStatusCode status) {
            super(service + " answered " + status.value(), null, false, false);
        }
    }
}
