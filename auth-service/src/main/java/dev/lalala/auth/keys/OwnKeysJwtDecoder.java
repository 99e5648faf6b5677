package dev.lalala.auth.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.lalala.defaults.security.JwtValidation;
import dev.lalala.defaults.security.SecurityProperties;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * auth-service checks bearer tokens against its own published keys, read from its database, instead of fetching its
 * own JWKS over HTTP. The rules are service-defaults' (RS256 only, issuer, audience, expiry with skew, subject),
 * and the key source is fixed: {@code jku}/{@code x5u} headers are never followed.
 */
@Configuration(proxyBeanMethods = false)
class OwnKeysJwtDecoder {

    static final Duration CACHE_FOR = Duration.ofSeconds(10);

    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys, SecurityProperties properties, Clock clock) {
        JWKSource<SecurityContext> source = new CachedPublishedKeys(keys, clock);
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(source)
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        decoder.setJwtValidator(JwtValidation.validator(properties));
        return decoder;
    }

    /**
     * The published keys, cached briefly; read again at once when this instance made a new key, and at most once a
     * second when a token names a kid the cache does not know (another instance rotated, or a forged kid).
     */
    static final class CachedPublishedKeys implements JWKSource<SecurityContext> {

        private final SigningKeys keys;
        private final Clock clock;
        private volatile JWKSet cached;
        private volatile Instant cachedAt = Instant.EPOCH;
        private volatile long cachedGeneration = -1;

        CachedPublishedKeys(SigningKeys keys, Clock clock) {
            this.keys = keys;
            this.clock = clock;
        }

        @Override
        public List<JWK> get(com.nimbusds.jose.jwk.JWKSelector selector, SecurityContext context) {
            JWKSet set = cached;
            Instant now = clock.instant();
            if (set == null || cachedGeneration != keys.generation() || cachedAt.plus(CACHE_FOR).isBefore(now)) {
                set = load(now);
            }
            List<JWK> found = selector.select(set);
            if (found.isEmpty() && cachedAt.isBefore(now.minusSeconds(1))) {
                found = selector.select(load(now));
            }
            return found;
        }

        private JWKSet load(Instant now) {
            long generation = keys.generation();
            JWKSet set = new JWKSet(keys.published().stream().map(k -> (JWK) k.publicJwk()).toList());
            cached = set;
            cachedAt = now;
            cachedGeneration = generation;
            return set;
        }
    }
}
