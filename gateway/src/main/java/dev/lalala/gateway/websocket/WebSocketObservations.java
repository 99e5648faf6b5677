package dev.lalala.gateway.websocket;

import io.micrometer.observation.ObservationPredicate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * No server observation (span, timer) for WebSocket upgrades. The exchange of an upgrade stays open as long as the
 * socket, minutes to hours, so its observation would hold a span, its context and its tags per socket for all that
 * time (10,000 room sockets kept about 50 KB each in the gateway's heap, much of it observation state) and then
 * record a "request duration" of hours. Sockets have their own counters in {@link WebSocketRelayMetrics}.
 */
@Configuration(proxyBeanMethods = false)
class WebSocketObservations {

    @Bean
    ObservationPredicate noServerObservationForWebSocketUpgrades() {
        return (name, context) -> !(context instanceof ServerRequestObservationContext server
                && server.getCarrier() != null
                && "websocket".equalsIgnoreCase(server.getCarrier().getHeaders().getUpgrade()));
    }
}
