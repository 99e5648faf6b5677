package dev.lalala.gateway.limits;

import dev.lalala.defaults.problem.ApiException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The gateway's per-client limits, before security and routing: a request over its route's rate for the client
 * address is a 429 problem with {@code Retry-After}; a body over its route's size is a 413 problem, at once when
 * {@code Content-Length} says so, or as soon as the bytes counted of a chunked body pass it (the service never gets
 * the rest). The client address is the connection's: the gateway is the edge (behind a load balancer, the balancer's
 * own client header would be the source instead).
 */
public class EdgeLimitsFilter implements WebFilter, Ordered {

    /** Before Spring Security's chain (-100): a flood is turned away before any token is checked. */
    public static final int ORDER = -150;

    record Rule<T>(String name, HttpMethod method, PathPattern path, T limit) {
        boolean matches(ServerHttpRequest request) {
            return (method == null || method.equals(request.getMethod()))
                    && path.matches(PathContainer.parsePath(request.getPath().pathWithinApplication().value()));
        }
    }

    private final RateLimiter<?> limiter;
    private final List<Rule<EdgeLimitsProperties.Rate>> rates = new ArrayList<>();
    private final List<Rule<Long>> bodies = new ArrayList<>();
    private final long defaultMaxBody;

    public EdgeLimitsFilter(EdgeLimitsProperties properties, RateLimiter<?> limiter) {
        this.limiter = limiter;
        PathPatternParser parser = PathPatternParser.defaultInstance;
        for (Map.Entry<String, EdgeLimitsProperties.Rate> e : properties.getRate().entrySet()) {
            if (e.getValue().getPath() == null) {
                throw new IllegalStateException("lalala.gateway.limits.rate." + e.getKey() + ".path is missing");
            }
            rates.add(new Rule<>(e.getKey(), e.getValue().getMethod(), parser.parse(e.getValue().getPath()), e.getValue()));
        }
        for (Map.Entry<String, EdgeLimitsProperties.Body> e : properties.getBody().entrySet()) {
            if (e.getValue().getPath() == null || e.getValue().getMaxSize() == null) {
                throw new IllegalStateException("lalala.gateway.limits.body." + e.getKey() + " needs path and max-size");
            }
            bodies.add(new Rule<>(e.getKey(), e.getValue().getMethod(), parser.parse(e.getValue().getPath()),
                    e.getValue().getMaxSize().toBytes()));
        }
        this.defaultMaxBody = properties.getMaxBody().toBytes();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long maxBody = maxBody(request);
        long announced = request.getHeaders().getContentLength();
        if (announced > maxBody) {
            return Mono.error(tooLarge(maxBody));
        }
        // Only a request that has a body is wrapped (a WebSocket upgrade, a GET, pass as they are).
        boolean hasBody = announced > 0 || request.getHeaders().containsHeader(HttpHeaders.TRANSFER_ENCODING);
        ServerWebExchange limited = hasBody
                ? exchange.mutate().request(new CountingRequest(request, maxBody)).build() : exchange;
        Rule<EdgeLimitsProperties.Rate> rate = rates.stream().filter(r -> r.matches(request)).findFirst().orElse(null);
        if (rate == null) {
            return chain.filter(limited);
        }
        return limiter.isAllowed(rate.name(), clientAddress(request)).flatMap(response -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            response.getHeaders().forEach(headers::set);
            if (response.isAllowed()) {
                return chain.filter(limited);
            }
            long retryAfter = Long.parseLong(response.getHeaders().getOrDefault(InMemoryRateLimiter.RETRY_AFTER_HEADER, "1"));
            return Mono.error(ApiException.tooManyRequests("Too many " + rate.name() + " requests from this address; "
                    + "try again in " + retryAfter + " s.", retryAfter));
        });
    }

    long maxBody(ServerHttpRequest request) {
        return bodies.stream().filter(r -> r.matches(request)).findFirst().map(Rule::limit).orElse(defaultMaxBody);
    }

    static String clientAddress(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        return remote == null || remote.getAddress() == null ? "unknown" : remote.getAddress().getHostAddress();
    }

    static ApiException tooLarge(long maxBytes) {
        return ApiException.payloadTooLarge("This request's body may be at most " + human(maxBytes) + ".")
                .with("maxBytes", maxBytes);
    }

    private static String human(long bytes) {
        return bytes >= 1024 * 1024 ? bytes / (1024 * 1024) + " MB" : bytes / 1024 + " KB";
    }

    /** The body, counted as it streams: past the limit, the rest is refused with a 413. */
    static final class CountingRequest extends ServerHttpRequestDecorator {

        private final long max;

        CountingRequest(ServerHttpRequest delegate, long max) {
            super(delegate);
            this.max = max;
        }

        @Override
        public Flux<DataBuffer> getBody() {
            AtomicLong seen = new AtomicLong();
            return super.getBody().handle((buffer, sink) -> {
                if (seen.addAndGet(buffer.readableByteCount()) > max) {
                    DataBufferUtils.release(buffer);
                    sink.error(tooLarge(max));
                } else {
                    sink.next(buffer);
                }
            });
        }
    }
}
