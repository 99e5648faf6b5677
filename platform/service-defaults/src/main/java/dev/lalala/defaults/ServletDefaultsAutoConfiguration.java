package dev.lalala.defaults;

import dev.lalala.defaults.observability.ServletTraceIdFilter;
import dev.lalala.defaults.observability.TraceIds;
import dev.lalala.defaults.problem.servlet.ProblemErrorController;
import dev.lalala.defaults.problem.servlet.ServletProblemAdvice;
import dev.lalala.defaults.problem.servlet.ServletProblemAuthenticationHandlers;
import dev.lalala.defaults.security.SecurityProperties;
import dev.lalala.defaults.security.ServletSecurityDefaults;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.web.SecurityFilterChain;

/** Problem+json, trace ids and JWT security for Spring MVC services. */
@AutoConfiguration(
        after = ServiceDefaultsAutoConfiguration.class,
        beforeName = {
            "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.web.servlet.ServletWebSecurityAutoConfiguration",
            "org.springframework.boot.security.autoconfigure.actuate.web.servlet.ManagementWebSecurityAutoConfiguration",
            "org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.OAuth2ResourceServerAutoConfiguration"
        })
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
public class ServletDefaultsAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    ServletProblemAdvice servletProblemAdvice(TraceIds traceIds) {
        return new ServletProblemAdvice(traceIds);
    }

    @Bean
    @ConditionalOnMissingBean(org.springframework.boot.webmvc.error.ErrorController.class)
    ProblemErrorController problemErrorController(TraceIds traceIds) {
        return new ProblemErrorController(traceIds);
    }

    @Bean
    FilterRegistrationBean<ServletTraceIdFilter> traceIdFilter() {
        FilterRegistrationBean<ServletTraceIdFilter> registration =
                new FilterRegistrationBean<>(new ServletTraceIdFilter());
        // Right after Boot's ServerHttpObservationFilter (HIGHEST_PRECEDENCE + 1) has started the span.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    @ConditionalOnMissingBean
    ServletProblemAuthenticationHandlers servletProblemAuthenticationHandlers(TraceIds traceIds) {
        return new ServletProblemAuthenticationHandlers(traceIds);
    }

    @Configuration(proxyBeanMethods = false)
    @EnableWebSecurity
    @ConditionalOnBooleanProperty(name = "lalala.security.enabled", matchIfMissing = true)
    static class Security {

        @Bean
        @ConditionalOnMissingBean
        JwtDecoder jwtDecoder(SecurityProperties properties,
                org.springframework.beans.factory.ObjectProvider<dev.lalala.defaults.security.revocation.RevokedAccounts> revoked) {
            return ServletSecurityDefaults.jwtDecoder(properties, revoked.getIfAvailable());
        }

        @Bean
        @ConditionalOnMissingBean(SecurityFilterChain.class)
        SecurityFilterChain lalalaSecurityFilterChain(HttpSecurity http, SecurityProperties properties,
                JwtDecoder decoder, ServletProblemAuthenticationHandlers problems) throws Exception {
            return ServletSecurityDefaults.filterChain(http, properties, decoder, problems);
        }
    }
}
