package dev.lalala.gateway.security;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Which web origins may call the API from a browser. The gateway answers CORS for every service. */
@ConfigurationProperties("lalala.cors")
public class CorsProperties {

    /** Exact origins (scheme://host[:port]) allowed, with credentials. Anything else gets no CORS headers. */
    private List<String> allowedOrigins = new ArrayList<>(List.of("http://localhost:5173", "http://localhost:8080"));

    private List<String> allowedMethods = new ArrayList<>(
            List.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"));

    private List<String> allowedHeaders = new ArrayList<>(List.of("Authorization", "Content-Type", "Accept",
            "Accept-Language", "Cache-Control", "If-Match", "If-None-Match", "If-Modified-Since", "Range",
            "X-Requested-With", "Idempotency-Key", "traceparent", "tracestate"));

    private List<String> exposedHeaders = new ArrayList<>(List.of("X-Trace-Id", "Location", "ETag", "Retry-After",
            "Content-Disposition", "Content-Range", "Accept-Ranges", "Link"));

    /** How long a browser may cache a preflight answer. */
    private Duration maxAge = Duration.ofHours(1);

    public List<String> getAllowedOrigins() {
        return allowedOrigins;
    }

    public void setAllowedOrigins(List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    public List<String> getAllowedMethods() {
        return allowedMethods;
    }

    public void setAllowedMethods(List<String> allowedMethods) {
        this.allowedMethods = allowedMethods;
    }

    public List<String> getAllowedHeaders() {
        return allowedHeaders;
    }

    public void setAllowedHeaders(List<String> allowedHeaders) {
        this.allowedHeaders = allowedHeaders;
    }

    public List<String> getExposedHeaders() {
        return exposedHeaders;
    }

    public void setExposedHeaders(List<String> exposedHeaders) {
        this.exposedHeaders = exposedHeaders;
    }

    public Duration getMaxAge() {
        return maxAge;
    }

    public void setMaxAge(Duration maxAge) {
        this.maxAge = maxAge;
    }
}
