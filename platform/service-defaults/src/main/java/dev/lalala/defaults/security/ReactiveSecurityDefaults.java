package dev.lalala.defaults.security;

import dev.lalala.defaults.problem.reactive.ReactiveProblemAuthenticationHandlers;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;

/** The reactive services' (and the gateway's) filter chain, the same rules as the servlet one. */
public final class ReactiveSecurityDefaults {

    private ReactiveSecurityDefaults() {
    }

    public static ReactiveJwtDecoder jwtDecoder(SecurityProperties properties) {
        return jwtDecoder(properties, null);
    }

    /** With {@code revoked} (may be null): deleted accounts' tokens are refused too. */
    public static ReactiveJwtDecoder jwtDecoder(SecurityProperties properties,
            org.springframework.security.oauth2.core.OAuth2TokenValidator<org.springframework.security.oauth2.jwt.Jwt> revoked) {
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.getJwkSetUri())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(JwtValidation.validator(properties, revoked));
        return decoder;
    }

    public static SecurityWebFilterChain filterChain(ServerHttpSecurity http, SecurityProperties properties,
            ReactiveJwtDecoder decoder, ReactiveProblemAuthenticationHandlers problems) {
        http.csrf(ServerHttpSecurity.CsrfSpec::disable)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .authorizeExchange(authorize -> {
                    for (PublicPath path : PublicPath.all(properties)) {
                        if (path.method() == null) {
                            authorize.pathMatchers(path.pattern()).permitAll();
                        } else {
                            authorize.pathMatchers(path.method(), path.pattern()).permitAll();
                        }
                    }
                    authorize.anyExchange().authenticated();
                })
                .oauth2ResourceServer(resource -> resource
                        .jwt(jwt -> jwt.jwtDecoder(decoder).jwtAuthenticationConverter(
                                new ReactiveJwtAuthenticationConverterAdapter(JwtValidation.authenticationConverter())))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }
}
