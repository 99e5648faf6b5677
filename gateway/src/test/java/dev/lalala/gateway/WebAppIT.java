package dev.lalala.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.gateway.web.WebApp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.ClassPathResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The gateway serves the web app (module web) at "/", with browser security headers on every response. */
class WebAppIT extends LiveFleetTestBase {

    private static String indexHtml() throws IOException {
        return new ClassPathResource(WebApp.LOCATION + "index.html").getContentAsString(StandardCharsets.UTF_8);
    }

    private static void assertIndex(WebTestClient.ResponseSpec response) throws IOException {
        String expected = indexHtml();
        response.expectStatus().isOk()
                .expectHeader().contentTypeCompatibleWith(MediaType.TEXT_HTML)
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "no-cache")
                .expectBody(String.class).isEqualTo(expected);
    }

    @Test
    void theRootIsTheAppsIndexPage() throws IOException {
        assertThat(indexHtml()).contains("<div id=\"root\">").doesNotContain("<script>");
        assertIndex(http().get().uri("/").exchange());
    }

    @Test
    void clientRoutesGetTheIndexPageSoTheAppsRouterTakesOver() throws IOException {
        assertIndex(http().get().uri("/songs/xyz").exchange());
        assertIndex(http().get().uri("/verify-email?token=abc").exchange());
        assertIndex(http().get().uri("/reset-password?token=abc").exchange());
        assertIndex(http().get().uri("/settings/").exchange());
    }

    @Test
    void hashedAssetsAreCachedForAYearAndImmutable() throws IOException {
        Matcher script = Pattern.compile("src=\"(/assets/[^\"]+\\.js)\"").matcher(indexHtml());
        assertThat(script.find()).as("index.html names its hashed script").isTrue();
        http().get().uri(script.group(1)).exchange()
                .expectStatus().isOk()
                .expectHeader().value(HttpHeaders.CONTENT_TYPE, type -> assertThat(type).contains("javascript"))
                .expectHeader().valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=31536000, public, immutable");
    }

    @Test
    void aMissingAssetIsA404NotTheIndexPage() {
        for (String path : new String[] {"/assets/index-doesnotexist.js", "/assets/"}) {
            http().get().uri(path).exchange()
                    .expectStatus().isNotFound()
                    .expectHeader().value(HttpHeaders.CONTENT_TYPE, type -> assertThat(type).doesNotContain("text/html"));
        }
    }

    @Test
    void unknownApiPathsStayA404ProblemFromTheGateway() {
        http().get().uri("/api/nope").exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().exists("Content-Security-Policy")
                .expectBody().jsonPath("$.type").isEqualTo("https://lalala.dev/problems/not-found");
    }

    @Test
    void onlyGetAndHeadAreServedFromTheApp() {
        http().post().uri("/songs/xyz").exchange()
                .expectHeader().value(HttpHeaders.CONTENT_TYPE, type -> assertThat(type).doesNotContain("text/html"));
        http().head().uri("/").exchange().expectStatus().isOk();
    }

    @Test
    void swaggerUiAndActuatorAreNotTakenByTheApp() {
        http().get().uri("/actuator/health/liveness").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
        http().get().uri("/v3/api-docs/swagger-config").exchange()
                .expectHeader().value(HttpHeaders.CONTENT_TYPE, type -> assertThat(type).doesNotContain("text/html"));
    }

    @Test
    void everyResponseCarriesTheSecurityHeaders() {
        for (String path : new String[] {"/", "/songs/xyz", "/api/nope", "/actuator/health/liveness"}) {
            EntityExchangeResult<byte[]> result = http().get().uri(path).exchange().expectBody().returnResult();
            HttpHeaders headers = result.getResponseHeaders();
            assertThat(headers.get("Content-Security-Policy")).as(path).singleElement().satisfies(csp -> assertThat(csp)
                    .contains("default-src 'self'")
                    .contains("script-src 'self'")
                    .doesNotContain("unsafe-inline")
                    .doesNotContain("'unsafe-eval'")
                    .contains("connect-src 'self'")
                    .contains("object-src 'none'")
                    .contains("frame-ancestors 'none'"));
            assertThat(headers.getFirst("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
            assertThat(headers.getFirst("Referrer-Policy")).as(path).isEqualTo("no-referrer");
        }
    }

    @Test
    void rejectedRequestsCarryTheSecurityHeadersToo() {
        http().get().uri("/api/users/me").header(HttpHeaders.AUTHORIZATION, "Bearer garbage").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().exists("Content-Security-Policy")
                .expectHeader().valueEquals("X-Content-Type-Options", "nosniff");
    }
}
