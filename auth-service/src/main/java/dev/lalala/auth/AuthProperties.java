package dev.lalala.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** auth-service's own settings ({@code lalala.auth.*}). */
@ConfigurationProperties("lalala.auth")
public class AuthProperties {

    /**
     * How long an access token is valid. A retired signing key is still published this long (plus the clock skew
     * every service tolerates), so the tokens it signed stay verifiable until they expire.
     */
    private Duration accessTokenLifetime = Duration.ofMinutes(15);

    public Duration getAccessTokenLifetime() {
        return accessTokenLifetime;
    }

    public void setAccessTokenLifetime(Duration accessTokenLifetime) {
        this.accessTokenLifetime = accessTokenLifetime;
    }
}
