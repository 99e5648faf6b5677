package dev.lalala.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.gateway.support.StubService;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/** Every route prefix reaches its own service, with method, path, query, body and Authorization as they were. */
class RoutingIT extends LiveFleetTestBase {

    static Stream<Arguments> routes() {
        return Stream.of(
                Arguments.of("auth", HttpMethod.POST, "/api/auth/login"),
                Arguments.of("user", HttpMethod.PATCH, "/api/users/me"),
                Arguments.of("feed", HttpMethod.PUT, "/api/follows/some-artist"),
                Arguments.of("feed", HttpMethod.GET, "/api/feed"),
                Arguments.of("track", HttpMethod.POST, "/api/tracks"),
                Arguments.of("track", HttpMethod.DELETE, "/api/tracks/7f3c"),
                Arguments.of("track", HttpMethod.GET, "/api/charts/7d"),
                Arguments.of("streaming", HttpMethod.GET, "/api/stream/tracks/9/segments/3"),
                Arguments.of("chat", HttpMethod.POST, "/api/rooms/r1/messages"),
                Arguments.of("chat", HttpMethod.GET, "/api/chat/history"),
                Arguments.of("search", HttpMethod.GET, "/api/search/suggest"),
                Arguments.of("playlist", HttpMethod.PUT, "/api/playlists/p1/items"));
    }

    @ParameterizedTest(name = "{1} {2} -> {0}-service")
    @MethodSource("routes")
    void reachesItsServiceWithEverythingIntact(String key, HttpMethod method, String path) {
        String unique = path + "/" + UUID.randomUUID();
        String query = "q=caf%C3%A9%20noir&tag=a&tag=b&page=2";
        String token = bearer();
        String body = method == HttpMethod.GET || method == HttpMethod.DELETE ? null
                : "{\"title\":\"Sunny day\",\"n\":" + unique.length() + "}";

        var request = http().method(method).uri(java.net.URI.create("http://127.0.0.1:" + port + unique + "?" + query))
                .header(HttpHeaders.AUTHORIZATION, token);
        var response = body == null ? request.exchange()
                : request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange();
        response.expectStatus().isOk()
                .expectBody().jsonPath("$.service").isEqualTo(key + "-service");

        StubService service = FLEET.service(key);
        List<StubService.Seen> seen = service.seenPath(unique);
        assertThat(seen).hasSize(1);
        StubService.Seen got = seen.get(0);
        assertThat(got.method()).isEqualTo(method.name());
        assertThat(got.query()).isEqualTo(query);
        assertThat(got.header("authorization")).isEqualTo(token);
        assertThat(got.body()).isEqualTo(body == null ? "" : body);

        FLEET.services().forEach((other, stub) -> {
            if (!other.equals(key)) {
                assertThat(stub.seenPath(unique)).as("%s must not see %s", other, unique).isEmpty();
            }
        });
    }

    @Test
    void requestsWithoutTokenPassThroughForTheServiceToDecide() {
        String path = "/api/tracks/" + UUID.randomUUID();
        http().get().uri(path).exchange().expectStatus().isOk();
        assertThat(FLEET.service("track").seenPath(path)).singleElement()
                .satisfies(seen -> assertThat(seen.header("authorization")).isNull());
    }

    @Test
    void unknownPathsAreA404ProblemFromTheGateway() {
        http().get().uri("/api/nowhere/" + UUID.randomUUID()).exchange()
                .expectStatus().isNotFound()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.type").isEqualTo("https://lalala.dev/problems/not-found");
    }
}
