package dev.lalala.gateway.routing;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.http.HttpMethod;
import org.springframework.util.StringUtils;

/**
 * The services behind the gateway, keyed by a short name ({@code lalala.services.track.uri=http://localhost:8084}).
 * Each one gets an HTTP route for its {@code paths}, a WebSocket route for its {@code websocket-paths}, an API docs
 * route ({@code /v3/api-docs/<name>-service}), a circuit breaker named after it and a readiness check in the
 * {@code fleet} health group.
 */
@ConfigurationProperties("lalala")
public class DownstreamServices {

    private Map<String, Service> services = new LinkedHashMap<>();

    public Map<String, Service> getServices() {
        return services;
    }

    public void setServices(Map<String, Service> services) {
        this.services = services;
    }

    /** The services in configuration order, each with its key as default name, validated. */
    public List<Service> all() {
        List<Service> all = new ArrayList<>();
        services.forEach((key, service) -> {
            service.key = key;
            if (service.getUri() == null) {
                throw new IllegalStateException("lalala.services." + key + ".uri is not set");
            }
            all.add(service);
        });
        return all;
    }

    public static class Service {

        private String key;

        /** The service's name in problems, breakers, health and docs; defaults to "{key}-service". */
        private String name;

        /** Where the service listens, e.g. http://localhost:8084 (ws:// is derived for WebSocket routes). */
        private URI uri;

        /**
         * More instances of the same service beside {@code uri} (e.g. a second chat-service): requests and WebSocket
         * upgrades are shared out round-robin over {@code uri} and these. Readiness and API docs use {@code uri}.
         */
        private List<URI> replicas = new ArrayList<>();

        /** Path patterns proxied over HTTP, as they are (the service serves the same /api/... paths). */
        private List<String> paths = new ArrayList<>();

        /** Path patterns proxied as WebSockets (upgrade, frames both ways, subprotocols). */
        private List<String> websocketPaths = new ArrayList<>();

        /** How long the gateway waits for this service's response headers; defaults to lalala.gateway.response-timeout. */
        private Duration responseTimeout;

        /** Routes of this service that need another response timeout, e.g. uploads. */
        private List<RouteTimeout> timeouts = new ArrayList<>();

        /** Whether the service's /v3/api-docs is exposed as /v3/api-docs/{name} and listed in Swagger UI. */
        private boolean apiDocs = true;

        /** Whether the service's readiness is reported in the fleet health group. */
        private boolean health = true;

        public String key() {
            return key;
        }

        public String name() {
            return StringUtils.hasText(name) ? name : key + "-service";
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public URI getUri() {
            return uri;
        }

        public void setUri(URI uri) {
            this.uri = uri;
        }

        public List<URI> getReplicas() {
            return replicas;
        }

        public void setReplicas(List<URI> replicas) {
            this.replicas = replicas;
        }

        /** {@code uri} and the replicas. */
        public List<URI> instances() {
            List<URI> all = new ArrayList<>();
            all.add(uri);
            all.addAll(replicas);
            return all;
        }

        public List<String> getPaths() {
            return paths;
        }

        public void setPaths(List<String> paths) {
            this.paths = paths;
        }

        public List<String> getWebsocketPaths() {
            return websocketPaths;
        }

        public void setWebsocketPaths(List<String> websocketPaths) {
            this.websocketPaths = websocketPaths;
        }

        public Duration getResponseTimeout() {
            return responseTimeout;
        }

        public void setResponseTimeout(Duration responseTimeout) {
            this.responseTimeout = responseTimeout;
        }

        public List<RouteTimeout> getTimeouts() {
            return timeouts;
        }

        public void setTimeouts(List<RouteTimeout> timeouts) {
            this.timeouts = timeouts;
        }

        public boolean isApiDocs() {
            return apiDocs;
        }

        public void setApiDocs(boolean apiDocs) {
            this.apiDocs = apiDocs;
        }

        public boolean isHealth() {
            return health;
        }

        public void setHealth(boolean health) {
            this.health = health;
        }

        /** The service's URI with ws/wss instead of http/https, for WebSocket routes. */
        public URI websocketUri() {
            String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
            String ws = switch (scheme) {
                case "http" -> "ws";
                case "https" -> "wss";
                default -> scheme;
            };
            return URI.create(ws + uri.toString().substring(scheme.length()));
        }
    }

    /** One route of a service with its own response timeout: an optional method and one path pattern. */
    public static class RouteTimeout {

        /** The HTTP method, or empty for any. */
        private HttpMethod method;

        /** The path pattern, e.g. /api/tracks. */
        private String path;

        private Duration responseTimeout;

        public HttpMethod getMethod() {
            return method;
        }

        public void setMethod(HttpMethod method) {
            this.method = method;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public Duration getResponseTimeout() {
            return responseTimeout;
        }

        public void setResponseTimeout(Duration responseTimeout) {
            this.responseTimeout = responseTimeout;
        }
    }
}
