package dev.lalala.user;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.testsupport.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every integration test of user-service shares, so that they share one Spring context too: the service over
 * real HTTP on a real MariaDB and Kafka, access tokens signed by {@link TestTokens}, and a blob store in a temporary
 * folder.
 */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA}, databases = "users")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class UserServiceTest {

    protected static final JsonMapper JSON = JsonMapper.builder().build();
    protected static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    protected static final TestTokens TOKENS = new TestTokens();
    protected static final Path BLOBS = tempDir();

    @DynamicPropertySource
    static void testEndpoints(DynamicPropertyRegistry registry) {
        registry.add("lalala.security.jwk-set-uri", TOKENS::jwkSetUri);
        registry.add("lalala.blob.filesystem.root", BLOBS::toString);
    }

    @LocalServerPort protected int port;
    @Autowired protected JdbcTemplate jdbc;

    private static Path tempDir() {
        try {
            return Files.createTempDirectory("user-service-blobs");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A profile straight in the table, as if UserRegistered had made it. */
    protected void insertProfile(UUID id, String handle, String displayName, String bio, String role) {
        LocalDateTime at = LocalDateTime.ofInstant(Instant.parse("2026-03-01T10:15:30.123Z"), ZoneOffset.UTC);
        jdbc.update("""
                INSERT INTO user_profile (id, handle, email, email_verified, display_name, bio, avatar_key, role,
                                          created_at, updated_at)
                VALUES (?, ?, ?, TRUE, ?, ?, NULL, ?, ?, ?)""",
                id.toString(), handle, handle + "@example.com", displayName, bio, role, at, at);
    }

    /** A new user with a profile, and a handle unique to this test. */
    protected UUID newUser(String name) {
        UUID id = UUID.randomUUID();
        insertProfile(id, name + "_" + id.toString().substring(0, 8), name, null, "LISTENER");
        return id;
    }

    protected URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    protected HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> getAs(UUID user, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", bearer(user)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    protected HttpResponse<String> patchAs(UUID user, String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", bearer(user))
                .header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    protected static String bearer(UUID user) {
        return "Bearer " + TOKENS.tokenFor(user);
    }

    /** Outbox rows announcing a profile, oldest first. */
    protected List<JsonNode> profileUpdates(UUID user) {
        return jdbc.queryForList("""
                        SELECT payload FROM outbox_event WHERE event_type = 'ProfileUpdated' AND event_key = ?
                        ORDER BY seq""", String.class, user.toString())
                .stream().map(JSON::readTree).toList();
    }

    protected static List<Path> filesUnder(Path folder) throws IOException {
        if (!Files.exists(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    /** Waits for what a Kafka consumer does, up to 30 s. */
    protected static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(100);
        }
    }

    protected static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    /** The fields a validation problem names, in order. */
    protected static List<String> errorFields(JsonNode problem) {
        List<String> fields = new java.util.ArrayList<>();
        for (JsonNode error : problem.path("errors")) {
            fields.add(error.path("field").asString());
        }
        return fields;
    }

    protected static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.headers().firstValue("Content-Type")).as(response.body()).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response, status);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem;
    }
}
