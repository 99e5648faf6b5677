package dev.lalala.gateway.edge;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.ProblemTypes;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Actuator endpoints stay off the public edge (docs/security.md, "Actuator at the edge"): a path with an
 * {@code actuator} segment anywhere (the gateway's own {@code /actuator/**}, or one aimed at a service behind a route,
 * matrix parameters and percent-encoding seen through) is a 404 problem, as if it did not exist. Two exceptions:
 * <ul>
 *   <li>{@code /actuator/health} and below: probes for load balancers and the fleet launcher (statuses only; details
 *       for operators, service-defaults' {@code show-details=when-authorized}).</li>
 *   <li>{@code /actuator/prometheus} for an internal caller only: a loopback, private (site-local), link-local or
 *       IPv6 unique-local peer that came with no proxy header ({@code X-Forwarded-For}, {@code Forwarded},
 *       {@code X-Real-IP}). Prometheus scrapes the gateway on the compose network or the Swarm overlay (and the fleet
 *       suite on loopback); a client from outside the network is refused, and so is one relayed by a proxy.</li>
 * </ul>
 */
@Component
public class ActuatorEdgeFilter implements WebFilter, Ordered {

    private static final List<String> PROXY_HEADERS = List.of("X-Forwarded-For", "Forwarded", "X-Real-IP");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        return allowed(exchange.getRequest()) ? chain.filter(exchange)
                : Mono.error(new ApiException(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found",
                        "There is nothing at this path."));
    }

    static boolean allowed(ServerHttpRequest request) {
        // Every request passes here: the common path (no "actuator", nothing encoded) is answered from the raw string
        // without splitting it into segments.
        String raw = request.getPath().value();
        if (raw.indexOf('%') < 0 && raw.indexOf(';') < 0 && !raw.toLowerCase(Locale.ROOT).contains("actuator")) {
            return true;
        }
        List<String> segments = request.getPath().pathWithinApplication().elements().stream()
                .filter(e -> e instanceof PathContainer.PathSegment)
                .map(e -> ((PathContainer.PathSegment) e).valueToMatch().strip().toLowerCase(Locale.ROOT))
                .toList();
        if (!segments.contains("actuator")) {
            return true;
        }
        if (segments.contains("..") || segments.contains(".")) {
            return false;
        }
        if (segments.size() >= 2 && segments.get(0).equals("actuator") && segments.get(1).equals("health")
                && !segments.subList(2, segments.size()).contains("actuator")) {
            return true;
        }
        return segments.equals(List.of("actuator", "prometheus")) && internal(request);
    }

    static boolean internal(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        if (PROXY_HEADERS.stream().anyMatch(headers::containsHeader)) {
            return false;
        }
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress address = remote == null ? null : remote.getAddress();
        if (address == null) {
            return false;
        }
        return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                || (address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc);
    }

    /** After the security headers (so the 404 carries them too), before authentication and routing. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }
}
