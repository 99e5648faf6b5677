package dev.lalala.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** user-service over real HTTP, on a real MariaDB and Kafka: probes, docs, public profiles. */
class UserServiceIT extends UserServiceTest {

    @Test
    void probesReflectTheDatabase() throws Exception {
        JsonNode readiness = json(get("/actuator/health/readiness"), 200);
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("db").path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("readinessState").path("status").asString()).isEqualTo("UP");
        assertThat(json(get("/actuator/health/liveness"), 200).path("status").asString()).isEqualTo("UP");

        HttpResponse<String> metrics = get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("application=\"user-service\"");
    }

    @Test
    void apiDocsListTheEndpoints() throws Exception {
        JsonNode docs = json(get("/v3/api-docs"), 200);
        assertThat(docs.path("info").path("title").asString()).isEqualTo("LALALA user-service");
        JsonNode byId = docs.path("paths").path("/api/users/{id}").path("get").path("responses");
        assertThat(byId.has("200") && byId.has("400") && byId.has("404")).isTrue();
        assertThat(docs.path("paths").path("/api/users/by-handle/{handle}").path("get").path("responses").has("404"))
                .isTrue();
        assertThat(docs.path("paths").path("/api/users/me").has("get")).isTrue();
        assertThat(docs.path("paths").path("/api/users/me").has("patch")).isTrue();
        assertThat(docs.path("paths").path("/api/users/me/avatar").path("put").path("responses").has("413")).isTrue();
        assertThat(docs.path("paths").path("/api/users/{id}/avatar").has("get")).isTrue();
    }

    @Test
    void servesAProfileByIdAndByHandle() throws Exception {
        UUID id = UUID.randomUUID();
        String handle = "mina_" + id.toString().substring(0, 8);
        insertProfile(id, handle, "미나 Mina", "Lo-fi from Seoul", "ARTIST");

        JsonNode byId = json(get("/api/users/" + id), 200);
        assertThat(byId.path("id").asString()).isEqualTo(id.toString());
        assertThat(byId.path("handle").asString()).isEqualTo(handle);
        assertThat(byId.path("displayName").asString()).isEqualTo("미나 Mina");
        assertThat(byId.path("bio").asString()).isEqualTo("Lo-fi from Seoul");
        assertThat(byId.path("role").asString()).isEqualTo("ARTIST");
        assertThat(Instant.parse(byId.path("createdAt").asString())).isEqualTo(Instant.parse("2026-03-01T10:15:30.123Z"));
        // Only public fields: no email, no storage keys, no bookkeeping; no avatarUrl while there is no avatar.
        assertThat(byId.propertyNames()).containsExactlyInAnyOrder("id", "handle", "displayName", "bio", "role",
                "createdAt");
        assertThat(byId.toString()).doesNotContain("@example.com");

        JsonNode byHandle = json(get("/api/users/by-handle/" + handle.toUpperCase()), 200);
        assertThat(byHandle).isEqualTo(byId);
    }

    @Test
    void anEmptyBioIsLeftOut() throws Exception {
        UUID id = UUID.randomUUID();
        insertProfile(id, "quiet_" + id.toString().substring(0, 8), "Quiet", null, "LISTENER");

        JsonNode profile = json(get("/api/users/" + id), 200);
        assertThat(profile.has("bio")).isFalse();
        assertThat(profile.path("role").asString()).isEqualTo("LISTENER");
    }

    @Test
    void unknownUsersAreNotFoundProblems() throws Exception {
        UUID unknown = UUID.randomUUID();
        JsonNode byId = problem(get("/api/users/" + unknown), 404);
        assertThat(byId.path("type").asString()).isEqualTo("https://lalala.dev/problems/not-found");
        assertThat(byId.path("instance").asString()).isEqualTo("/api/users/" + unknown);

        JsonNode byHandle = problem(get("/api/users/by-handle/nobody_here"), 404);
        assertThat(byHandle.path("type").asString()).isEqualTo("https://lalala.dev/problems/not-found");
    }

    @Test
    void badParametersAreBadRequestProblems() throws Exception {
        JsonNode badId = problem(get("/api/users/not-a-uuid"), 400);
        assertThat(badId.path("type").asString()).isEqualTo("https://lalala.dev/problems/validation");
        assertThat(badId.path("errors").get(0).path("field").asString()).isEqualTo("id");

        JsonNode badHandle = problem(get("/api/users/by-handle/no%20spaces"), 400);
        assertThat(badHandle.path("type").asString()).isEqualTo("https://lalala.dev/problems/validation");
        assertThat(badHandle.path("errors").get(0).path("field").asString()).isEqualTo("handle");
    }

    @Test
    void writesNeedAToken() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/api/users/" + UUID.randomUUID()))
                .method("PATCH", HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(problem(response, 401).path("type").asString()).isEqualTo("https://lalala.dev/problems/unauthorized");
    }

    @Test
    void theSchemaHasProfilesAndThePlatformTables() {
        List<String> tables = jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()", String.class);
        assertThat(tables).contains("user_profile", "outbox_event", "processed_event", "flyway_schema_history",
                "platform_schema_history");
    }
}
