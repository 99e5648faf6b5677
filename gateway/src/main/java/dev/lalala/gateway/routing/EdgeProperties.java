package dev.lalala.gateway.routing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** How the gateway treats the services behind it: timeouts, WebSocket handshakes, health checks, API docs. */
@ConfigurationProperties("lalala.gateway")
public class EdgeProperties {

    /** Default time a service has to send its response headers; per service or per route overridable. */
    private Duration responseTimeout = Duration.ofSeconds(10);

    /** Time a service has to accept a WebSocket handshake before the client gets a 504. */
    private Duration websocketHandshakeTimeout = Duration.ofSeconds(5);

    private final FleetHealth fleetHealth = new FleetHealth();

    private final ApiDocs apiDocs = new ApiDocs();

    public Duration getResponseTimeout() {
        return responseTimeout;
    }

    public void setResponseTimeout(Duration responseTimeout) {
        this.responseTimeout = responseTimeout;
    }

    public Duration getWebsocketHandshakeTimeout() {
        return websocketHandshakeTimeout;
    }

    public void setWebsocketHandshakeTimeout(Duration websocketHandshakeTimeout) {
        this.websocketHandshakeTimeout = websocketHandshakeTimeout;
    }

    public FleetHealth getFleetHealth() {
        return fleetHealth;
    }

    public ApiDocs getApiDocs() {
        return apiDocs;
    }

    public static class FleetHealth {

        /** The path asked on every service. */
        private String path = "/actuator/health/readiness";

        /** How long one service may take to answer before it is reported DOWN. */
        private Duration timeout = Duration.ofSeconds(2);

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public Duration getTimeout() {
            return timeout;
        }

        public void setTimeout(Duration timeout) {
            this.timeout = timeout;
        }
    }

    public static class ApiDocs {

        /**
         * Replace the "servers" of every service's OpenAPI document with the gateway itself ("/"), so Swagger UI's
         * "Try it out" goes through the gateway, never straight to a service.
         */
        private boolean rewriteServers = true;

        public boolean isRewriteServers() {
            return rewriteServers;
        }

        public void setRewriteServers(boolean rewriteServers) {
            this.rewriteServers = rewriteServers;
        }
    }
}
