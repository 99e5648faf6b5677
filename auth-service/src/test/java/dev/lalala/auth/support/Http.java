package dev.lalala.auth.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON client for auth-service over real HTTP. */
public final class Http {

    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    public Http(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    public static final String GATEWAY_SECRET_HEADER = "X-Lalala-Gateway";
    public static final String TEST_GATEWAY_SECRET = "test-gateway-secret";

    public HttpResponse<String> post(String path, Object body, String... headers) {
        return send("POST", path, body, headers);
    }

    public HttpResponse<String> send(String method, String path, Object body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        if (headers.length > 0) {
            request.headers(headers);
            // A forwarded address comes from the gateway, which proves itself with the installation's secret
            // (src/test/resources/config/application.properties); tests of a forged header send a wrong one.
            if (java.util.Arrays.asList(headers).contains("X-Forwarded-For")
                    && !java.util.Arrays.asList(headers).contains(GATEWAY_SECRET_HEADER)) {
                request.header(GATEWAY_SECRET_HEADER, TEST_GATEWAY_SECRET);
            }
        }
        try {
            return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        }
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    public static Map<String, Object> body(Object... pairs) {
        java.util.LinkedHashMap<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((String) pairs[i], pairs[i + 1]);
        }
        return map;
    }
}
