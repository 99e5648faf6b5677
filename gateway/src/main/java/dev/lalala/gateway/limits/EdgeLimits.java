package dev.lalala.gateway.limits;

import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The in-memory rate limiter and the filter applying it and the body caps. */
@Configuration(proxyBeanMethods = false)
public class EdgeLimits {

    @Bean
    InMemoryRateLimiter inMemoryRateLimiter(EdgeLimitsProperties properties, Clock clock) {
        return new InMemoryRateLimiter(properties.getRate(), properties.getMaxTrackedAddresses(), clock);
    }

    @Bean
    EdgeLimitsFilter edgeLimitsFilter(EdgeLimitsProperties properties, InMemoryRateLimiter limiter) {
        return new EdgeLimitsFilter(properties, limiter);
    }
}
