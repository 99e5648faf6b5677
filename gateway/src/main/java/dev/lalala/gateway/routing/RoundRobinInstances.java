package dev.lalala.gateway.routing;

import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * Shares a route's requests out over a service's instances ({@code lalala.services.<key>.uri} and its
 * {@code replicas}), round-robin: runs right after {@link RouteToRequestUrlFilter} built the request URL from the
 * route's URI, and swaps in the next instance's scheme, host and port. The WebSocket proxy and the HTTP client both
 * read that URL, so sockets and requests are shared alike. Instances are fixed by configuration (the fleet launcher
 * passes them); there is no discovery and no health-based skipping: a dead instance fails its share (503 problem).
 */
public final class RoundRobinInstances implements GatewayFilter {

    /** Just after RouteToRequestUrlFilter (10000), long before the routing filters. */
    public static final int ORDER = RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;

    private final List<URI> instances;
    private final AtomicInteger next = new AtomicInteger();

    RoundRobinInstances(List<URI> instances) {
        this.instances = List.copyOf(instances);
    }

    /** A balancer for the service, or null when it has one instance. */
    static RoundRobinInstances of(DownstreamServices.Service service) {
        return service.getReplicas().isEmpty() ? null : new RoundRobinInstances(service.instances());
    }

    URI pick() {
        return instances.get(Math.floorMod(next.getAndIncrement(), instances.size()));
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        URI url = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
        if (url != null) {
            URI instance = pick();
            String scheme = url.getScheme();
            String instanceScheme = instance.getScheme();
            if (scheme != null && scheme.startsWith("ws")) {
                instanceScheme = instanceScheme.equals("https") ? "wss" : "ws";
            }
            boolean encoded = ServerWebExchangeUtils.containsEncodedParts(url);
            URI balanced = UriComponentsBuilder.fromUri(url).scheme(instanceScheme).host(instance.getHost())
                    .port(instance.getPort()).build(encoded).toUri();
            exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, balanced);
        }
        return chain.filter(exchange);
    }
}
