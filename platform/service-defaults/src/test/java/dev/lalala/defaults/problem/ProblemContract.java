package dev.lalala.defaults.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every service promises about its errors, whatever its web stack: RFC 9457 problem+json with a stable
 * type, the fields listed for validation errors, no internals leaked, a trace id to quote. Run against a real
 * server by a servlet and a reactive subclass.
 */
abstract class ProblemContract {

    static final TestTokens JWKS = new TestTokens();
    static final JsonMapper JSON = JsonMapper.builder().build();
    final HttpClient http = HttpClient.newHttpClient();

    abstract int port();

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode problem(HttpResponse<String> response, int status, URI type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("type").asString()).isEqualTo(type.toString());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("title").asString()).isNotBlank();
        assertThat(response.body()).doesNotContain("Exception", "\tat ", "hunter2");
        return body;
    }

    @Test
    void anUnknownEntityIsA404ProblemNamingIt() throws Exception {
        JsonNode body = problem(get("/api/public/things/42"), 404, ProblemTypes.NOT_FOUND);

        assertThat(body.path("detail").asString()).isEqualTo("thing 42 does not exist");
        assertThat(body.path("instance").asString()).isEqualTo("/api/public/things/42");
    }

    @Test
    void anInvalidBodyListsEveryInvalidField() throws Exception {
        JsonNode body = problem(post("/api/public/things", "{\"title\":\"\",\"tags\":[\"a\",\"b\",\"c\",\"d\"]}"),
                400, ProblemTypes.VALIDATION);

        List<String> fields = body.path("errors").valueStream().map(e -> e.path("field").asString()).toList();
        assertThat(fields).containsExactly("tags", "title");
        assertThat(body.path("errors").get(0).path("message").asString()).isNotBlank();
    }

    @Test
    void aMalformedIdIsAValidationProblemNamingTheParameter() throws Exception {
        JsonNode body = problem(get("/api/public/typed/not-a-uuid"), 400, ProblemTypes.VALIDATION);

        assertThat(body.path("errors").get(0).path("field").asString()).isEqualTo("id");
        assertThat(body.path("errors").get(0).path("message").asString()).isEqualTo("must be a UUID");
    }

    @Test
    void unreadableJsonIsA400Problem() throws Exception {
        problem(post("/api/public/things", "{not json"), 400, ProblemTypes.BAD_REQUEST);
    }

    @Test
    void anUnknownRouteIsA404Problem() throws Exception {
        problem(get("/api/public/no-such-thing/here"), 404, ProblemTypes.NOT_FOUND);
    }

    @Test
    void anUnexpectedErrorIsA500ProblemWithoutInternals() throws Exception {
        HttpResponse<String> response = get("/api/public/boom");
        JsonNode body = problem(response, 500, ProblemTypes.INTERNAL);

        assertThat(body.path("detail").asString()).doesNotContain("secret");
        assertThat(body.path("traceId").asString()).isNotBlank();
        assertThat(response.headers().firstValue("X-Trace-Id")).contains(body.path("traceId").asString());
    }

    @Test
    void noTokenOnAProtectedRouteIsA401ProblemWithABearerChallenge() throws Exception {
        HttpResponse<String> response = get("/api/me");

        problem(response, 401, ProblemTypes.UNAUTHORIZED);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void aForgedTokenIsA401Problem() throws Exception {
        HttpResponse<String> response = get("/api/me", "Authorization", "Bearer eyJhbGciOiJub25lIn0.e30.");

        problem(response, 401, ProblemTypes.UNAUTHORIZED);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).contains("invalid_token"));
    }

    @Test
    void aValidTokenReachesTheHandlerAsTheCurrentUser() throws Exception {
        UUID user = UUID.randomUUID();
        HttpResponse<String> response = get("/api/me", "Authorization", "Bearer " + JWKS.tokenFor(user));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(JSON.readValue(response.body(), Map.class)).containsEntry("id", user.toString());
    }

    @Test
    void theCallersTraceIsContinuedAndNamedInTheResponse() throws Exception {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        HttpResponse<String> response = get("/api/public/things/1",
                "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

        assertThat(response.headers().firstValue("X-Trace-Id")).contains(traceId);
        assertThat(JSON.readTree(response.body()).path("traceId").asString()).isEqualTo(traceId);
    }

    @Test
    void healthProbesArePublic() throws Exception {
        assertThat(get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/prometheus").body()).contains("application=\"defaults-test\"");
    }
}
