package dev.lalala.defaults.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How every service validates access tokens (RFC 8725): RS256 only, keys from auth-service's JWKS, issuer and
 * audience checked, expiry required with a small clock skew.
 */
@ConfigurationProperties("lalala.security")
public class SecurityProperties {

    /** Turn the default filter chain off (a service that defines its own). */
    private boolean enabled = true;

    /** auth-service's JSON Web Key Set. Keys are fetched lazily and re-fetched when a token names an unknown kid. */
    private String jwkSetUri = "http://127.0.0.1:8081/api/auth/.well-known/jwks.json";

    /** The {@code iss} every token must carry. */
    private String issuer = "lalala-auth";

    /** The {@code aud} every token must include. */
    private String audience = "lalala-api";

    /**
     * How long auth-service's access tokens live ({@code lalala.auth.access-token-lifetime}): a deleted account is
     * remembered this long (plus the clock skew), after which its tokens have expired anyway.
     */
    private Duration accessTokenLifetime = Duration.ofMinutes(15);

    /** Tolerance for clocks that disagree, on {@code exp} and {@code nbf}. */
    private Duration clockSkew = Duration.ofSeconds(30);

    /**
     * Routes anyone may call without a token, as "METHOD /path/pattern" or "/path/pattern" (any method).
     * Health, metrics and API docs are always public.
     */
    private List<String> publicPaths = new ArrayList<>();

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getJwkSetUri() {
        return jwkSetUri;
    }

    public void setJwkSetUri(String jwkSetUri) {
        this.jwkSetUri = jwkSetUri;
    }

    public String getIssuer() {
        return issuer;
    }

    public void setIssuer(String issuer) {
        this.issuer = issuer;
    }

    public String getAudience() {
        return audience;
    }

    public void setAudience(String audience) {
        this.audience = audience;
    }

    public Duration getAccessTokenLifetime() {
        return accessTokenLifetime;
    }

    public void setAccessTokenLifetime(Duration accessTokenLifetime) {
        this.accessTokenLifetime = accessTokenLifetime;
    }

    public Duration getClockSkew() {
        return clockSkew;
    }

    public void setClockSkew(Duration clockSkew) {
        this.clockSkew = clockSkew;
    }

    public List<String> getPublicPaths() {
        return publicPaths;
    }

    public void setPublicPaths(List<String> publicPaths) {
        this.publicPaths = publicPaths;
    }
}
