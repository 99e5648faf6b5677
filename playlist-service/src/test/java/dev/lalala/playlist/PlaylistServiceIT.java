package dev.lalala.playlist;

import dev.lalala.testsupport.TestTokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** playlist-service over real HTTP, on a real MariaDB and Kafka, with real (test-signed) access tokens. */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA}, databases = "playlists")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class PlaylistServiceIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final TestTokens TOKENS = new TestTokens();
    static final Instant T0 = Instant.parse("2026-04-01T09:00:00.000Z");

    @DynamicPropertySource
    static void trustTheTestTokens(DynamicPropertyRegistry registry) {
        registry.add("lalala.security.jwk-set-uri", TOKENS::jwkSetUri);
    }

    @AfterAll
    static void stopTokens() {
        TOKENS.close();
    }

    @LocalServerPort int port;
    @Autowired JdbcTemplate jdbc;

    @BeforeEach
    void emptyTables() {
        jdbc.update("DELETE FROM playlist");
        jdbc.update("DELETE FROM track_summary");
    }

    @Test
    void probesReflectTheDatabase() throws Exception {
        JsonNode readiness = json(get("/actuator/health/readiness"), 200);
        assertThat(readiness.path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("db").path("status").asString()).isEqualTo("UP");
        assertThat(readiness.path("components").path("readinessState").path("status").asString()).isEqualTo("UP");
        assertThat(json(get("/actuator/health/liveness"), 200).path("status").asString()).isEqualTo("UP");

        HttpResponse<String> metrics = get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("application=\"playlist-service\"");
    }

    @Test
    void apiDocsListTheEndpoints() throws Exception {
        JsonNode docs = json(get("/v3/api-docs"), 200);
        assertThat(docs.path("info").path("title").asString()).isEqualTo("LALALA playlist-service");
        assertThat(docs.path("paths").path("/api/playlists/{id}").path("get").path("responses").has("404")).isTrue();
        assertThat(docs.path("paths").path("/api/playlists").path("get").path("responses").has("400")).isTrue();
    }

    @Test
    void servesAPublicPlaylistWithItsSongsInOrder() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID friend = UUID.randomUUID();
        UUID artist = UUID.randomUUID();
        UUID first = track(artist, "First Light", 201_000L, "PUBLIC", true);
        UUID unlisted = track(artist, "B-side", 150_000L, "UNLISTED", true);
        UUID deleted = track(artist, "Withdrawn", 99_000L, "PUBLIC", false);
        UUID privateSong = track(artist, "Demo", 60_000L, "PRIVATE", true);
        UUID unknown = UUID.randomUUID();
        UUID id = playlist(owner, "Late night", "For the drive home", "PUBLIC", true, T0);
        item(id, 0, first, owner);
        item(id, 1, unlisted, friend);
        item(id, 2, deleted, owner);
        item(id, 3, privateSong, owner);
        item(id, 4, unknown, owner);
        item(id, 5, first, friend);

        JsonNode playlist = json(get("/api/playlists/" + id), 200);

        assertThat(playlist.path("id").asString()).isEqualTo(id.toString());
        assertThat(playlist.path("ownerId").asString()).isEqualTo(owner.toString());
        assertThat(playlist.path("name").asString()).isEqualTo("Late night");
        assertThat(playlist.path("description").asString()).isEqualTo("For the drive home");
        assertThat(playlist.path("visibility").asString()).isEqualTo("PUBLIC");
        assertThat(playlist.path("collaborative").asBoolean()).isTrue();
        assertThat(playlist.path("trackCount").asInt()).isEqualTo(6);
        assertThat(Instant.parse(playlist.path("createdAt").asString())).isEqualTo(T0);
        JsonNode items = playlist.path("items");
        assertThat(items.size()).isEqualTo(6);
        List<String> shown = new ArrayList<>();
        items.forEach(item -> shown.add(item.path("position").asInt() + ":" + item.path("trackId").asString() + ":"
                + item.path("available").asBoolean() + ":" + item.path("title").asString("-")));
        assertThat(shown).containsExactly(
                "0:" + first + ":true:First Light",
                "1:" + unlisted + ":true:B-side",
                "2:" + deleted + ":false:-",
                "3:" + privateSong + ":false:-",
                "4:" + unknown + ":false:-",
                "5:" + first + ":true:First Light");
        assertThat(items.get(0).path("artistId").asString()).isEqualTo(artist.toString());
        assertThat(items.get(0).path("durationMs").asLong()).isEqualTo(201_000L);
        assertThat(items.get(1).path("addedBy").asString()).isEqualTo(friend.toString());
        assertThat(items.get(3).has("artistId")).isFalse();

        // The song's artist sees their own private song in someone's playlist.
        JsonNode artistView = json(get("/api/playlists/" + id, TOKENS.tokenFor(artist)), 200);
        assertThat(artistView.path("items").get(3).path("available").asBoolean()).isTrue();
        assertThat(artistView.path("items").get(3).path("title").asString()).isEqualTo("Demo");
    }

    @Test
    void privatePlaylistsAreSeenByTheirOwnerOnly() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID id = playlist(owner, "Secret", null, "PRIVATE", false, T0);

        assertThat(problem(get("/api/playlists/" + id), 404).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/not-found");
        problem(get("/api/playlists/" + id, TOKENS.tokenFor(UUID.randomUUID())), 404);
        JsonNode mine = json(get("/api/playlists/" + id, TOKENS.tokenFor(owner)), 200);
        assertThat(mine.path("visibility").asString()).isEqualTo("PRIVATE");
        assertThat(mine.path("items").size()).isZero();
        assertThat(mine.has("description")).isFalse();

        // Never listed, even to the owner.
        assertThat(json(get("/api/playlists?owner=" + owner, TOKENS.tokenFor(owner)), 200).path("items").size())
                .isZero();
    }

    @Test
    void unknownPlaylistsAndBadIdsAreProblems() throws Exception {
        UUID unknown = UUID.randomUUID();
        JsonNode notFound = problem(get("/api/playlists/" + unknown), 404);
        assertThat(notFound.path("type").asString()).isEqualTo("https://lalala.dev/problems/not-found");
        assertThat(notFound.path("instance").asString()).isEqualTo("/api/playlists/" + unknown);
        JsonNode badId = problem(get("/api/playlists/nope"), 400);
        assertThat(badId.path("type").asString()).isEqualTo("https://lalala.dev/problems/validation");
        assertThat(badId.path("errors").get(0).path("field").asString()).isEqualTo("id");
    }

    @Test
    void pagesThroughAnOwnersPublicPlaylistsNewestFirstExactlyOnce() throws Exception {
        UUID owner = UUID.randomUUID();
        List<UUID> created = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // Pairs share a creation time, so the id must break ties for the cursor to be exact.
            created.add(playlist(owner, "Mix " + i, null, "PUBLIC", false, T0.plus(Duration.ofMinutes(i / 2))));
        }
        item(created.getFirst(), 0, UUID.randomUUID(), owner);
        playlist(owner, "Private", null, "PRIVATE", false, T0.plus(Duration.ofDays(1)));
        playlist(UUID.randomUUID(), "Someone else's", null, "PUBLIC", false, T0.plus(Duration.ofDays(1)));

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/api/playlists?owner=" + owner + "&limit=10"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = json(get(path), 200);
            page.path("items").forEach(item -> {
                assertThat(item.path("ownerId").asString()).isEqualTo(owner.toString());
                assertThat(item.path("visibility").asString()).isEqualTo("PUBLIC");
                assertThat(item.has("items")).isFalse();
                seen.add(item.path("id").asString());
            });
            pageSizes.add(page.path("items").size());
            cursor = page.has("nextCursor") ? page.path("nextCursor").asString() : null;
        } while (cursor != null && pageSizes.size() < 10);

        assertThat(pageSizes).containsExactly(10, 10, 5);
        assertThat(new HashSet<>(seen)).hasSize(25);
        List<String> newestFirst = created.stream()
                .sorted((a, b) -> {
                    int byTime = Integer.compare(created.indexOf(b) / 2, created.indexOf(a) / 2);
                    return byTime != 0 ? byTime : b.toString().compareTo(a.toString());
                })
                .map(UUID::toString)
                .toList();
        assertThat(seen).containsExactlyElementsOf(newestFirst);
        JsonNode oldest = json(get("/api/playlists/" + created.getFirst()), 200);
        assertThat(oldest.path("trackCount").asInt()).isEqualTo(1);
    }

    @Test
    void badPagingIsABadRequest() throws Exception {
        UUID owner = UUID.randomUUID();
        assertThat(problem(get("/api/playlists?owner=" + owner + "&limit=1000"), 400).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/invalid-limit");
        problem(get("/api/playlists?owner=" + owner + "&limit=0"), 400);
        assertThat(problem(get("/api/playlists?owner=" + owner + "&cursor=bogus"), 400).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/invalid-cursor");
        problem(get("/api/playlists?owner=nobody"), 400);
        problem(get("/api/playlists"), 400);
        assertThat(json(get("/api/playlists?owner=" + owner), 200).path("items").size()).isZero();
    }

    @Test
    void writesNeedAToken() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/api/playlists"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")).header("Content-Type", "application/json")
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(problem(response, 401).path("type").asString()).isEqualTo("https://lalala.dev/problems/unauthorized");
    }

    @Test
    void theSchemaHasThePlaylistTablesAndThePlatformTables() {
        List<String> tables = jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()", String.class);
        assertThat(tables).contains("playlist", "playlist_item", "track_summary", "outbox_event", "processed_event",
                "flyway_schema_history", "platform_schema_history");
    }

    private UUID playlist(UUID owner, String name, String description, String visibility, boolean collaborative,
            Instant createdAt) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO playlist (id, owner_id, name, description, visibility, collaborative, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""",
                id.toString(), owner.toString(), name, description, visibility, collaborative, utc(createdAt),
                utc(createdAt));
        return id;
    }

    private void item(UUID playlist, int position, UUID track, UUID addedBy) {
        jdbc.update("""
                INSERT INTO playlist_item (playlist_id, position, track_id, added_by, added_at)
                VALUES (?, ?, ?, ?, ?)""",
                playlist.toString(), position, track.toString(), addedBy.toString(), utc(T0.plusSeconds(position)));
    }

    private UUID track(UUID owner, String title, Long durationMs, String visibility, boolean available) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO track_summary (track_id, title, owner_id, duration_ms, visibility, available, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                id.toString(), title, owner.toString(), durationMs, visibility, available, utc(T0));
        return id;
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.uri() + ": " + response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    private static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.headers().firstValue("Content-Type")).as(response.uri() + ": " + response.body())
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json(response, status);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        return problem;
    }
}
