package dev.lalala.defaults.security;

import java.util.List;
import java.util.stream.Stream;
import org.springframework.http.HttpMethod;

/** One route open to anyone: an optional method and a path pattern. */
public record PublicPath(HttpMethod method, String pattern) {

    /** Always public on every service: probes, metrics and API docs. */
    public static final List<PublicPath> INFRASTRUCTURE = Stream.of(
                    "/actuator/health", "/actuator/health/**", "/actuator/info", "/actuator/prometheus",
                    "/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**", "/error")
            .map(p -> new PublicPath(null, p))
            .toList();

    /** Parses "GET /api/tracks/**" or "/api/tracks/**". */
    public static PublicPath parse(String spec) {
        String trimmed = spec.trim();
        int space = trimmed.indexOf(' ');
        if (space < 0) {
            return new PublicPath(null, trimmed);
        }
        return new PublicPath(HttpMethod.valueOf(trimmed.substring(0, space).toUpperCase()),
                trimmed.substring(space + 1).trim());
    }

    public static List<PublicPath> all(SecurityProperties properties) {
        return Stream.concat(INFRASTRUCTURE.stream(), properties.getPublicPaths().stream().map(PublicPath::parse))
                .toList();
    }
}
