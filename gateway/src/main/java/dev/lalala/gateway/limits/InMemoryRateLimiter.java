package dev.lalala.gateway.limits;

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import reactor.core.publisher.Mono;

/**
 * Spring Cloud Gateway's {@link RateLimiter} contract with an in-memory backend: one token bucket per (rule, client
 * address), {@code requests} tokens at most, refilled evenly over the rule's period. One gateway instance counts for
 * itself (behind several instances, each allows the limit). Buckets that are full hold no information and are
 * dropped first when more than {@code maxTrackedAddresses} are kept, so memory stays bounded under a flood of
 * addresses. The answer carries {@code Retry-After} (seconds until one token is back) when refused.
 */
public class InMemoryRateLimiter implements RateLimiter<EdgeLimitsProperties.Rate> {

    public static final String RETRY_AFTER_HEADER = "Retry-After";
    public static final String REMAINING_HEADER = "X-RateLimit-Remaining";

    private final Map<String, EdgeLimitsProperties.Rate> rules;
    private final int maxTracked;
    private final Clock clock;
    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    private static final class Bucket {
        double tokens;
        long updatedNanos;
        final double capacity;
        final double tokensPerNano;

        Bucket(double capacity, double tokensPerNano, long now) {
            this.capacity = capacity;
            this.tokensPerNano = tokensPerNano;
            this.tokens = capacity;
            this.updatedNanos = now;
        }

        synchronized void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - updatedNanos) * tokensPerNano);
            updatedNanos = now;
        }

        synchronized boolean full(long now) {
            refill(now);
            return tokens >= capacity;
        }
    }

    public InMemoryRateLimiter(Map<String, EdgeLimitsProperties.Rate> rules, int maxTracked, Clock clock) {
        this.rules = Map.copyOf(rules);
        this.maxTracked = maxTracked;
        this.clock = clock;
    }

    /** {@code routeId} is the rule's name, {@code id} the client address. */
    @Override
    public Mono<Response> isAllowed(String routeId, String id) {
        return Mono.fromSupplier(() -> tryConsume(routeId, id));
    }

    Response tryConsume(String rule, String address) {
        EdgeLimitsProperties.Rate rate = rules.get(rule);
        if (rate == null || rate.getRequests() <= 0) {
            return new Response(true, Map.of());
        }
        long now = nanos();
        if (buckets.size() >= maxTracked) {
            buckets.entrySet().removeIf(e -> e.getValue().full(now));
        }
        double perNano = rate.getRequests() / (double) Math.max(1, rate.getPeriod().toNanos());
        Bucket bucket = buckets.computeIfAbsent(rule + "|" + address, k -> new Bucket(rate.getRequests(), perNano, now));
        Map<String, String> headers = new HashMap<>();
        synchronized (bucket) {
            bucket.refill(now);
            if (bucket.tokens >= 1) {
                bucket.tokens -= 1;
                headers.put(REMAINING_HEADER, Long.toString((long) bucket.tokens));
                return new Response(true, headers);
            }
            long wait = (long) Math.ceil((1 - bucket.tokens) / bucket.tokensPerNano);
            headers.put(REMAINING_HEADER, "0");
            headers.put(RETRY_AFTER_HEADER, Long.toString(Math.max(1, Duration.ofNanos(wait).toSeconds()
                    + (Duration.ofNanos(wait).toNanosPart() > 0 ? 1 : 0))));
            return new Response(false, headers);
        }
    }

    int tracked() {
        return buckets.size();
    }

    private long nanos() {
        return clock.millis() * 1_000_000L;
    }

    @Override
    public Map<String, EdgeLimitsProperties.Rate> getConfig() {
        return rules;
    }

    @Override
    public Class<EdgeLimitsProperties.Rate> getConfigClass() {
        return EdgeLimitsProperties.Rate.class;
    }

    @Override
    public EdgeLimitsProperties.Rate newConfig() {
        return new EdgeLimitsProperties.Rate();
    }
}
