package dev.lalala.gateway.security;

import dev.lalala.defaults.problem.reactive.ReactiveProblemAuthenticationHandlers;
import dev.lalala.defaults.security.JwtValidation;
import dev.lalala.defaults.security.ReactiveSecurityDefaults;
import dev.lalala.defaults.security.SecurityProperties;
import java.time.Duration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.web.cors.reactive.CorsConfigurationSource;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;
import org.springframework.web.cors.CorsConfiguration;

/**
 * The gateway's security: a bearer token, when one is presented, must be valid (signature by auth-service's keys,
 * RS256, issuer, audience, expiry: the same rules as every service, from service-defaults), or the request ends
 * here with a 401 problem and never reaches a service. Requests without a token pass: each service decides what is
 * public, and validates the token again itself. The Authorization header is forwarded unchanged.
 *
 * <p>CORS is answered here, for every service, from {@code lalala.cors.*}: preflights never reach a service, and an
 * origin not on the list gets no CORS headers (a 403 for its preflight).
 *
 * <p>This chain replaces service-defaults' (which requires authentication outside public paths).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty(name = "lalala.security.enabled", matchIfMissing = true)
public class EdgeSecurity {

    /** Longest a request waits for auth-service's keys (they are cached after the first fetch). */
    static final Duration KEY_FETCH_TIMEOUT = Duration.ofSeconds(5);

    @Bean
    SecurityWebFilterChain edgeSecurityWebFilterChain(ServerHttpSecurity http, ReactiveJwtDecoder decoder,
            ReactiveProblemAuthenticationHandlers problems, CorsConfigurationSource corsConfigurationSource) {
        return http
                .csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                .securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
                // Services set their own caching headers; the gateway must not turn cacheable segments into no-store.
                .headers(headers -> headers.cache(ServerHttpSecurity.HeaderSpec.CacheSpec::disable))
                .cors(cors -> cors.configurationSource(corsConfigurationSource))
                .authorizeExchange(authorize -> authorize.anyExchange().permitAll())
                .oauth2ResourceServer(resource -> resource
                        .jwt(jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(
                                new ReactiveJwtAuthenticationConverterAdapter(JwtValidation.authenticationConverter())))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems))
                .build();
    }

    /**
     * service-defaults' decoder, with auth-service being down told apart from a bad token (see EdgeJwtDecoder). The
     * gateway has no Kafka, so no revocation list: a deleted account's token passes the edge and every service
     * refuses it (docs/security.md). Were Kafka added here, service-defaults' list would apply as in the services.
     */
    @Bean
    ReactiveJwtDecoder edgeJwtDecoder(SecurityProperties properties,
            org.springframework.beans.factory.ObjectProvider<dev.lalala.defaults.security.revocation.RevokedAccounts> revoked) {
        return new EdgeJwtDecoder(ReactiveSecurityDefaults.jwtDecoder(properties, revoked.getIfAvailable()),
                KEY_FETCH_TIMEOUT);
    }

    @Bean
    CorsConfigurationSource corsConfigurationSource(CorsProperties properties) {
        CorsConfiguration cors = new CorsConfiguration();
        cors.setAllowedOrigins(properties.getAllowedOrigins());
        cors.setAllowedMethods(properties.getAllowedMethods());
        cors.setAllowedHeaders(properties.getAllowedHeaders());
        cors.setExposedHeaders(properties.getExposedHeaders());
        cors.setAllowCredentials(true);
        cors.setMaxAge(properties.getMaxAge());
        UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
        source.registerCorsConfiguration("/**", cors);
        return source;
    }
}
