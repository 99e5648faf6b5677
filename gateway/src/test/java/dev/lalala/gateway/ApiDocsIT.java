package dev.lalala.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** Every service's OpenAPI document through the gateway, and one Swagger UI listing them all. */
class ApiDocsIT extends LiveFleetTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"auth", "user", "feed", "track", "streaming", "chat", "search", "playlist"})
    void eachServicesDocsAreServedUnderItsName(String key) {
        String name = key + "-service";
        http().get().uri("/v3/api-docs/" + name).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectBody()
                .jsonPath("$.openapi").isEqualTo("3.1.0")
                .jsonPath("$.info.title").isEqualTo(name)
                .jsonPath("$.paths['/api/" + name + "/things'].get").exists()
                // "Try it out" goes through the gateway, not to the service's own address.
                .jsonPath("$.servers[0].url").isEqualTo("/");
        assertThat(FLEET.service(key).seenPath("/v3/api-docs")).isNotEmpty();
        http().get().uri("/v3/api-docs/" + key).exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.info.title").isEqualTo(name);
    }

    @Test
    void oneSwaggerUiListsEveryService() {
        String location = http().get().uri("/swagger-ui.html").exchange()
                .expectStatus().is3xxRedirection()
                .returnResult(String.class).getResponseHeaders().getFirst(HttpHeaders.LOCATION);
        assertThat(location).contains("swagger-ui");
        http().get().uri(location).exchange()
                .expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectBody(String.class).value(html -> assertThat(html).contains("swagger-ui"));
        http().get().uri("/v3/api-docs/swagger-config").exchange()
                .expectStatus().isOk()
                .expectBody()
                .jsonPath("$.urls.length()").isEqualTo(8)
                .jsonPath("$.urls[?(@.name == 'track-service')].url").isEqualTo("/v3/api-docs/track-service");
    }
}
