package dev.lalala.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.test.web.reactive.server.EntityExchangeResult;

/** CORS is answered at the gateway, from the allowlist lalala.cors.allowed-origins. */
class CorsIT extends LiveFleetTestBase {

    private static final String ALLOWED = "http://localhost:5173";
    private static final String STRANGER = "https://evil.example";

    @Test
    void aPreflightFromAnAllowedOriginIsAnsweredByTheGateway() {
        String path = "/api/playlists/" + UUID.randomUUID();
        http().options().uri(path)
                .header(HttpHeaders.ORIGIN, ALLOWED)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PUT")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "authorization, content-type")
                .exchange()
                .expectStatus().isOk()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ALLOWED)
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_METHODS, v -> assertThat(v).contains("PUT"))
                .expectHeader().value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
                        v -> assertThat(v.toLowerCase()).contains("authorization").contains("content-type"))
                .expectHeader().exists(HttpHeaders.ACCESS_CONTROL_MAX_AGE);
        assertThat(FLEET.service("playlist").seenPath(path)).as("preflights never reach a service").isEmpty();
    }

    @Test
    void aPreflightFromAnotherOriginIsRefusedWithoutCorsHeaders() {
        http().options().uri("/api/playlists/p1")
                .header(HttpHeaders.ORIGIN, STRANGER)
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "PUT")
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS);
    }

    @Test
    void anActualRequestFromAnAllowedOriginExposesTheTraceIdAndOnlyTheGatewaysCorsHeaders() {
        EntityExchangeResult<byte[]> result = http().get().uri("/api/charts/24h")
                .header(HttpHeaders.ORIGIN, ALLOWED)
                .exchange()
                .expectStatus().isOk()
                .expectHeader().exists("X-Trace-Id")
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_CREDENTIALS, "true")
                .expectBody().returnResult();
        // The stub also sends "Access-Control-Allow-Origin: *": the gateway's answer is the only one.
        assertThat(result.getResponseHeaders().get(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN)).containsExactly(ALLOWED);
        assertThat(result.getResponseHeaders().getFirst(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS))
                .contains("X-Trace-Id");
    }

    @Test
    void problemsFromTheGatewayCarryCorsHeadersSoTheBrowserCanReadThem() {
        http().get().uri("/api/users/me")
                .header(HttpHeaders.ORIGIN, ALLOWED)
                .header(HttpHeaders.AUTHORIZATION, "Bearer garbage")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, ALLOWED);
    }

    @Test
    void anActualRequestFromAnotherOriginGetsNoCorsHeaders() {
        http().method(HttpMethod.GET).uri("/api/charts/24h")
                .header(HttpHeaders.ORIGIN, STRANGER)
                .exchange()
                .expectStatus().isForbidden()
                .expectHeader().doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
    }
}
