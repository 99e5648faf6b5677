package dev.lalala.gateway.routing;

import dev.lalala.gateway.docs.ApiDocsServers;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import java.time.Duration;
import java.util.Locale;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.BooleanSpec;
import org.springframework.cloud.gateway.route.builder.PredicateSpec;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.cloud.gateway.support.RouteMetadataUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's routes, built from {@code lalala.services}: per service, its timeout overrides, its WebSocket paths,
 * its HTTP paths and its API docs. Paths are forwarded as they are.
 */
@Configuration(proxyBeanMethods = false)
public class ServiceRoutes {

    /** Route metadata naming the service a route leads to. */
    public static final String SERVICE_ATTR = "lalala.service";

    /** Specific routes (timeout overrides) win over WebSocket routes, which win over a service's path patterns. */
    static final int TIMEOUT_OVERRIDE_ORDER = -20;
    static final int WEBSOCKET_ORDER = -10;
    static final int HTTP_ORDER = 0;

    static final String API_DOCS = "/v3/api-docs";

    @Bean
    RouteLocator serviceRouteLocator(RouteLocatorBuilder builder, DownstreamServices services, EdgeProperties edge,
            CircuitBreakerRegistry breakers, ApiDocsServers apiDocsServers) {
        RouteLocatorBuilder.Builder routes = builder.routes();
        for (DownstreamServices.Service service : services.all()) {
            String name = service.name();
            Duration serviceTimeout = service.getResponseTimeout() != null ? service.getResponseTimeout()
                    : edge.getResponseTimeout();

            for (DownstreamServices.RouteTimeout override : service.getTimeouts()) {
                Duration timeout = override.getResponseTimeout() != null ? override.getResponseTimeout()
                        : serviceTimeout;
                ServiceGuard guard = new ServiceGuard(name, breakers.circuitBreaker(name), timeout);
                routes.route(overrideId(name, override), r -> {
                    PredicateSpec spec = r.order(TIMEOUT_OVERRIDE_ORDER);
                    BooleanSpec predicate = override.getMethod() == null ? spec.path(override.getPath())
                            : spec.method(override.getMethod()).and().path(override.getPath());
                    return predicate.filters(f -> f.filter(guard))
                            .metadata(SERVICE_ATTR, name)
                            .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, timeout.toMillis())
                            .uri(service.getUri());
                });
            }

            ServiceGuard guard = new ServiceGuard(name, breakers.circuitBreaker(name), serviceTimeout);
            if (!service.getWebsocketPaths().isEmpty()) {
                // Sockets get their own rotation, so consecutive sockets land on different instances.
                RoundRobinInstances sockets = RoundRobinInstances.of(service);
                routes.route(name + "-websocket", r -> r.order(WEBSOCKET_ORDER)
                        .path(service.getWebsocketPaths().toArray(String[]::new))
                        .filters(f -> {
                            f.filter(guard);
                            if (sockets != null) {
                                f.filter(sockets, RoundRobinInstances.ORDER);
                            }
                            return f;
                        })
                        .metadata(SERVICE_ATTR, name)
                        .uri(service.websocketUri()));
            }
            if (!service.getPaths().isEmpty()) {
                RoundRobinInstances requests = RoundRobinInstances.of(service);
                routes.route(name, r -> r.order(HTTP_ORDER)
                        .path(service.getPaths().toArray(String[]::new))
                        .filters(f -> {
                            f.filter(guard);
                            if (requests != null) {
                                f.filter(requests, RoundRobinInstances.ORDER);
                            }
                            return f;
                        })
                        .metadata(SERVICE_ATTR, name)
                        .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, serviceTimeout.toMillis())
                        .uri(service.getUri()));
            }
            if (service.isApiDocs()) {
                routes.route(name + "-api-docs", r -> r.order(HTTP_ORDER)
                        .path(apiDocsPaths(service))
                        .filters(f -> {
                            f.setPath(API_DOCS).filter(guard);
                            if (edge.getApiDocs().isRewriteServers()) {
                                f.modifyResponseBody(byte[].class, byte[].class, apiDocsServers);
                            }
                            return f;
                        })
                        .metadata(SERVICE_ATTR, name)
                        .metadata(RouteMetadataUtils.RESPONSE_TIMEOUT_ATTR, serviceTimeout.toMillis())
                        .uri(service.getUri()));
            }
        }
        return routes.build();
    }

    /** /v3/api-docs/track-service, and /v3/api-docs/track for short. */
    static String[] apiDocsPaths(DownstreamServices.Service service) {
        String full = API_DOCS + "/" + service.name();
        String shortName = API_DOCS + "/" + service.key();
        return full.equals(shortName) ? new String[] {full} : new String[] {full, shortName};
    }

    static String overrideId(String service, DownstreamServices.RouteTimeout override) {
        String method = override.getMethod() == null ? "any" : override.getMethod().name().toLowerCase(Locale.ROOT);
        String path = override.getPath().replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-|-$)", "");
        return service + "-" + method + "-" + path;
    }
}
