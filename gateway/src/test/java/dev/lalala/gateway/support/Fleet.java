package dev.lalala.gateway.support;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The eight LALALA services as stubs (plus two extra ones for circuit breaker tests), and a JWKS, started once per
 * test JVM and shared by every integration test.
 */
public final class Fleet {

    /** Service key -> the paths it serves, as in application.yml. */
    public static final Map<String, List<String>> WEBSOCKETS = Map.of(
            "streaming", List.of("/api/stream/ws"),
            "chat", List.of("/api/chat/ws"));

    public static final List<String> KEYS = List.of("auth", "user", "feed", "track", "streaming", "chat", "search",
            "playlist");

    private static final Fleet SHARED = new Fleet();

    private final Map<String, StubService> services = new LinkedHashMap<>();
    private final StubService flaky;
    private final StubService picky;
    private final Jwks jwks = new Jwks();

    private Fleet() {
        for (String key : KEYS) {
            services.put(key, new StubService(key + "-service", WEBSOCKETS.getOrDefault(key, List.of())));
        }
        flaky = new StubService("flaky-service", List.of());
        picky = new StubService("picky-service", List.of());
    }

    public static Fleet shared() {
        return SHARED;
    }

    public StubService service(String key) {
        return services.get(key);
    }

    public Map<String, StubService> services() {
        return services;
    }

    public StubService flaky() {
        return flaky;
    }

    public StubService picky() {
        return picky;
    }

    public Jwks jwks() {
        return jwks;
    }

    /** Points every route at its stub; a service listed in {@code stopped} at a port where nothing listens. */
    public void register(DynamicPropertyRegistry registry, String... stopped) {
        List<String> down = List.of(stopped);
        for (String key : KEYS) {
            String uri = down.contains(key) ? "http://127.0.0.1:" + freePort() : service(key).uri().toString();
            registry.add("lalala.services." + key + ".uri", () -> uri);
        }
        registry.add("lalala.security.jwk-set-uri", jwks::jwkSetUri);
        for (StubService extra : List.of(flaky, picky)) {
            String key = extra.name().replace("-service", "");
            registry.add("lalala.services." + key + ".uri", () -> extra.uri().toString());
            registry.add("lalala.services." + key + ".paths", () -> "/api/" + key + "/**");
            registry.add("lalala.services." + key + ".api-docs", () -> "false");
            registry.add("lalala.services." + key + ".health", () -> "false");
            String breaker = "resilience4j.circuitbreaker.instances." + extra.name() + ".";
            registry.add(breaker + "sliding-window-size", () -> "4");
            registry.add(breaker + "minimum-number-of-calls", () -> "4");
            registry.add(breaker + "failure-rate-threshold", () -> "50");
            registry.add(breaker + "wait-duration-in-open-state", () -> "1h");
            registry.add(breaker + "automatic-transition-from-open-to-half-open-enabled", () -> "false");
        }
    }

    /** A port nothing listens on (bound and released at once). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
