package dev.lalala.gateway.health;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One service's readiness as the gateway sees it: UP when the service's readiness probe answers 2xx with status UP
 * within the timeout, DOWN otherwise (with why). Part of the {@code fleet} health group only: the gateway's own
 * liveness and readiness never depend on a service.
 */
public final class ServiceReadinessIndicator implements ReactiveHealthIndicator {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String service;
    private final URI probe;
    private final Duration timeout;
    private final HttpClient http;

    public ServiceReadinessIndicator(String service, URI probe, Duration timeout, HttpClient http) {
        this.service = service;
        this.probe = probe;
        this.timeout = timeout;
        this.http = http;
    }

    @Override
    public Mono<Health> health() {
        long start = System.nanoTime();
        return http.get().uri(probe)
                .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
                        .map(text -> fromAnswer(response.status().code(), text, start)))
                .timeout(timeout)
                .onErrorResume(error -> Mono.just(Health.down()
                        .withDetail("service", service)
                        .withDetail("url", probe.toString())
                        .withDetail("error", describe(error))
                        .build()));
    }

    private Health fromAnswer(int status, String body, long start) {
        String reported = reportedStatus(body);
        Health.Builder health = status >= 200 && status < 300 && "UP".equals(reported) ? Health.up() : Health.down();
        health.withDetails(Map.of(
                "service", service,
                "url", probe.toString(),
                "httpStatus", status,
                "reported", reported == null ? "none" : reported,
                "latencyMs", (System.nanoTime() - start) / 1_000_000));
        List<String> missing = missingComponents(body);
        if (!missing.isEmpty()) {
            // What the service cannot work without right now: its database, the broker, ...
            health.withDetail("missing", missing);
        }
        return health.build();
    }

    /** The components of the service's readiness that are not UP (the services show components to anyone). */
    static List<String> missingComponents(String body) {
        List<String> missing = new ArrayList<>();
        try {
            JsonNode components = JSON.readTree(body).get("components");
            if (components != null) {
                for (Map.Entry<String, JsonNode> component : components.properties()) {
                    JsonNode status = component.getValue().get("status");
                    if (status != null && !"UP".equals(status.asString())) {
                        missing.add(component.getKey());
                    }
                }
            }
        } catch (RuntimeException e) {
            // not JSON: nothing to name
        }
        return missing;
    }

    private static String reportedStatus(String body) {
        try {
            JsonNode status = JSON.readTree(body).get("status");
            return status == null ? null : status.asString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private String describe(Throwable error) {
        if (error instanceof java.util.concurrent.TimeoutException) {
            return "no answer within " + timeout.toMillis() + " ms";
        }
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
