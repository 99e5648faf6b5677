package dev.lalala.defaults.security;

import dev.lalala.defaults.problem.servlet.ServletProblemAuthenticationHandlers;
import java.time.Duration;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AbstractHttpConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.client.RestTemplate;

/** The servlet services' filter chain: stateless bearer tokens, public paths from configuration. */
public final class ServletSecurityDefaults {

    private ServletSecurityDefaults() {
    }

    public static JwtDecoder jwtDecoder(SecurityProperties properties) {
        return jwtDecoder(properties, null);
    }

    /** With {@code revoked} (may be null): deleted accounts' tokens are refused too. */
    public static JwtDecoder jwtDecoder(SecurityProperties properties,
            org.springframework.security.oauth2.core.OAuth2TokenValidator<org.springframework.security.oauth2.jwt.Jwt> revoked) {
        SimpleClientHttpRequestFactory requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(Duration.ofSeconds(2));
        requests.setReadTimeout(Duration.ofSeconds(3));
        // The key source is pinned to our JWKS: jku and x5u headers in a token are never followed.
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSetUri(properties.getJwkSetUri())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .restOperations(new RestTemplate(requests))
                .build();
        decoder.setJwtValidator(JwtValidation.validator(properties, revoked));
        return decoder;
    }

    public static SecurityFilterChain filterChain(HttpSecurity http, SecurityProperties properties, JwtDecoder decoder,
            ServletProblemAuthenticationHandlers problems) throws Exception {
        http.csrf(AbstractHttpConfigurer::disable)
                .httpBasic(AbstractHttpConfigurer::disable)
                .formLogin(AbstractHttpConfigurer::disable)
                .logout(AbstractHttpConfigurer::disable)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .authorizeHttpRequests(authorize -> {
                    for (PublicPath path : PublicPath.all(properties)) {
                        if (path.method() == null) {
                            authorize.requestMatchers(path.pattern()).permitAll();
                        } else {
                            authorize.requestMatchers(path.method(), path.pattern()).permitAll();
                        }
                    }
                    authorize.anyRequest().authenticated();
                })
                .oauth2ResourceServer(resource -> resource
                        .jwt(jwt -> jwt.decoder(decoder)
                                .jwtAuthenticationConverter(JwtValidation.authenticationConverter()))
                        .authenticationEntryPoint(problems)
                        .accessDeniedHandler(problems))
                .exceptionHandling(e -> e.authenticationEntryPoint(problems).accessDeniedHandler(problems));
        return http.build();
    }
}
