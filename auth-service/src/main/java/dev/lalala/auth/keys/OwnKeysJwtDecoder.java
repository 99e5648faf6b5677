package dev.lalala.auth.keys;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import dev.lalala.defaults.security.JwtValidation;
import dev.lalala.defaults.security.SecurityProperties;
import java.time.Duration;
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

    @Bean
    JwtDecoder jwtDecoder(SigningKeys keys, SecurityProperties properties,
            org.springframework.beans.factory.ObjectProvider<dev.lalala.defaults.security.revocation.RevokedAccounts> revoked) {
        JWKSource<SecurityContext> source = new CachedPublishedKeys(keys);
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withJwkSource(source)
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        // A deleted account's tokens are refused here too (service-defaults' revocation list, fed by UserDeleted).
        decoder.setJwtValidator(JwtValidation.validator(properties, revoked.getIfAvailable()));
        return decoder;
    }

    /**
     * The published keys from {@link SigningKeys#published}'s cache (read again at once when this instance made a
     * new key), and read again at most once a second when a token names a kid the cache does not know (another
     * instance rotated, or a forged kid).
     */
    static final class CachedPublishedKeys implements JWKSource<SecurityContext> {

        static final Duration UNKNOWN_KID_RECHECK = Duration.ofSeconds(1);

        private final SigningKeys keys;

        CachedPublishedKeys(SigningKeys keys) {
            this.keys = keys;
        }

        @Override
        public List<JWK> get(JWKSelector selector, SecurityContext context) {
            List<JWK> found = selector.select(new JWKSet(List.<JWK>copyOf(keys.published())));
            if (found.isEmpty()) {
                found = selector.select(new JWKSet(List.<JWK>copyOf(keys.published(UNKNOWN_KID_RECHECK))));
            }
            return found;
        }
    }
}
