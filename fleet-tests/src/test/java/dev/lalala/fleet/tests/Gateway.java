package dev.lalala.fleet.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A client that talks to the fleet through the gateway only, as the web and mobile apps do. */
final class Gateway {

    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    Gateway(String base) {
        this.base = base;
    }

    String base() {
        return base;
    }

    HttpResponse<String> get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError("request to " + request.uri() + " failed: " + e, e);
        }
    }

    static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as("%s -> %s", response.uri(), response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    /** Asserts an RFC 9457 problem with the given status and type slug. */
    static JsonNode problem(HttpResponse<String> response, int status, String typeSlug) {
        assertThat(response.statusCode()).as("%s -> %s", response.uri(), response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as("content type of %s", response.uri())
                .hasValueSatisfying(ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("type").asString()).isEqualTo("https://lalala.dev/problems/" + typeSlug);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        return body;
    }
}
