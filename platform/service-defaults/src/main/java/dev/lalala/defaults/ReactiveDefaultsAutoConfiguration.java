package dev.lalala.defaults;

import dev.lalala.defaults.health.ReactiveAvailabilityHealth;
import dev.lalala.defaults.observability.ReactiveTraceIdFilter;
import dev.lalala.defaults.observability.TraceIds;
import dev.lalala.defaults.problem.reactive.ProblemWebExceptionHandler;
import dev.lalala.defaults.problem.reactive.ReactiveProblemAdvice;
import dev.lalala.defaults.problem.reactive.ReactiveProblemAuthenticationHandlers;
import dev.lalala.defaults.security.ReactiveSecurityDefaults;
import dev.lalala.defaults.security.SecurityProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.web.server.SecurityWebFilterChain;

/** Problem+json, trace ids and JWT security for WebFlux services and the gateway. */
@AutoConfiguration(
        after = ServiceDefaultsAutoConfiguration.class,
        beforeName = {
            "org.springframework.boot.webflux.autoconfigure.error.ErrorWebFluxAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.reactive.ReactiveWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.reactive.ReactiveManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.reactive.ReactiveOAuth2ResourceServerAutoConfiguration",
            // Our liveness and readiness indicators first, so Boot's blocking ones step aside (ReactiveAvailabilityHealth).
            "org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration",
            "org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnClass(name = "org.springframework.web.reactive.DispatcherHandler")
@Import(ReactiveAvailabilityHealth.class)
public class ReactiveDefaultsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ReactiveProblemAdvice reactiveProblemAdvice(TraceIds traceIds) {
        return new ReactiveProblemAdvice(traceIds);
    }

    @Bean
    @Order(ProblemWebExceptionHandler.ORDER)
    @ConditionalOnMissingBean
    ProblemWebExceptionHandler problemWebExceptionHandler(TraceIds traceIds) {
        return new ProblemWebExceptionHandler(traceIds);
    }

    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    ReactiveTraceIdFilter reactiveTraceIdFilter() {
        return new ReactiveTraceIdFilter();
    }

    @Bean
    @ConditionalOnMissingBean
    ReactiveProblemAuthenticationHandlers reactiveProblemAuthenticationHandlers(TraceIds traceIds) {
        return new ReactiveProblemAuthenticationHandlers(traceIds);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebFluxSecurity
    @ConditionalOnBooleanProperty(name = "lalala.security.enabled", matchIfMissing = true)
    static class Security {

        @Bean
        @ConditionalOnMissingBean
        ReactiveJwtDecoder reactiveJwtDecoder(SecurityProperties properties,
                org.springframework.beans.factory.ObjectProvider<dev.lalala.defaults.security.revocation.RevokedAccounts> revoked) {
            return ReactiveSecurityDefaults.jwtDecoder(properties, revoked.getIfAvailable());
        }

        @Bean
        @ConditionalOnMissingBean(SecurityWebFilterChain.class)
        SecurityWebFilterChain lalalaSecurityWebFilterChain(ServerHttpSecurity http, SecurityProperties properties,
                ReactiveJwtDecoder decoder, ReactiveProblemAuthenticationHandlers problems) {
            return ReactiveSecurityDefaults.filterChain(http, properties, decoder, problems);
        }
    }
}
