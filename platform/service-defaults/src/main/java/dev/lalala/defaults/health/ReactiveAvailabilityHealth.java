package dev.lalala.defaults.health;

import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.availability.ApplicationAvailability;
import org.springframework.boot.health.application.LivenessStateHealthIndicator;
import org.springframework.boot.health.application.ReadinessStateHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.core.publisher.Mono;

/**
 * Liveness and readiness for WebFlux applications (the gateway, streaming, chat), answered on the calling thread.
 *
 * <p>Boot's indicators are blocking, so the reactive health endpoint runs them on {@code boundedElastic} and the
 * response completes off the connection's event loop. Reactor Netty 1.3.6 then, now and again, buffers the next
 * request of a kept-alive connection and never reads again (reactor-netty#4361): a probe over a kept-alive
 * connection (load balancers, the fleet launcher, monitoring) hung about once in 100 to 200 requests. Reading an
 * availability state is a field read, so there is nothing to move off the event loop. The beans keep Boot's names,
 * which makes Boot's own ({@code @ConditionalOnMissingBean} by name) step aside, and the contributors stay
 * {@code livenessState} and {@code readinessState}.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnClass(name = "org.springframework.boot.health.application.LivenessStateHealthIndicator")
@ConditionalOnBooleanProperty("management.endpoint.health.probes.enabled")
public class ReactiveAvailabilityHealth {

    @Bean(name = "livenessStateHealthIndicator")
    ReactiveHealthIndicator livenessStateHealthIndicator(ApplicationAvailability availability) {
        return onCallingThread(new LivenessStateHealthIndicator(availability));
    }

    @Bean(name = "readinessStateHealthIndicator")
    ReactiveHealthIndicator readinessStateHealthIndicator(ApplicationAvailability availability) {
        return onCallingThread(new ReadinessStateHealthIndicator(availability));
    }

    static ReactiveHealthIndicator onCallingThread(HealthIndicator indicator) {
        return () -> Mono.fromSupplier(indicator::health);
    }
}
