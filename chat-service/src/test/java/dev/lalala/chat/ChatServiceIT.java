package dev.lalala.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.testsupport.KeptAliveConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * chat-service over real HTTP and a real WebSocket, on Reactor Netty, against a real MariaDB (database chat,
 * migrated by Flyway) and a real Kafka broker (for the outbox of service-defaults).
 */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA}, databases = "chat")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ChatServiceIT {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void noRooms() {
        jdbc.update("DELETE FROM room");
        jdbc.update("DELETE FROM track_reaction");
    }

    // ---- probes, metrics, docs, schema, stack ----

    @Test
    void readinessIsUpAndIncludesTheDatabase() throws Exception {
        HttpResponse<String> response = get("/actuator/health/readiness");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode health = JSON.readTree(response.body());
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("db").path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("readinessState").path("status").asString()).isEqualTo("UP");
    }

    /**
     * The gateway pools its connections to chat-service, and the room endpoints and the database health check answer
     * from boundedElastic, off the connection's event loop: the case in which Reactor Netty 1.3.6 now and again stops
     * reading a kept-alive connection (reactor-netty#4361). Every request on one connection must be answered.
     */
    @Test
    void blockingEndpointsAnswerEveryRequestOnOneKeptAliveConnection() throws Exception {
        try (KeptAliveConnection connection = new KeptAliveConnection(port, 2_000)) {
            assertThat(connection.getRepeatedly("/api/rooms", 600)).contains("\"items\"");
            assertThat(connection.getRepeatedly("/actuator/health/readiness", 600)).contains("\"UP\"");
        }
    }

    @Test
    void livenessIsUp() throws Exception {
        HttpResponse<String> response = get("/actuator/health/liveness");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("status").asString()).isEqualTo("UP");
    }

    @Test
    void prometheusMetricsAreExposed() throws Exception {
        HttpResponse<String> response = get("/actuator/prometheus");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("application=\"chat-service\"");
    }

    @Test
    void apiDocsListTheEndpointsAndDescribeTheSocket() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode docs = JSON.readTree(response.body());
        assertThat(docs.path("info").path("title").asString()).isEqualTo("LALALA chat-service");
        assertThat(docs.path("info").path("description").asString()).contains("/api/chat/ws");
        assertThat(docs.path("paths").propertyNames()).contains("/api/rooms", "/api/rooms/{id}",
                "/api/rooms/{id}/messages", "/api/chat/tracks/{trackId}/reactions");
    }

    @Test
    void flywayMigratedTheRoomTablesNextToThePlatformOnes() {
        assertThat(jdbc.queryForObject(
                "SELECT success FROM flyway_schema_history WHERE version = '1'", Boolean.class)).isTrue();
        List<String> tables = jdbc.queryForList("""
                SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()""", String.class);
        assertThat(tables).contains("room", "room_message", "room_listener", "room_member", "track_reaction", "room_track",
                "outbox_event", "processed_event");
        List<String> roomColumns = jdbc.queryForList("""
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = DATABASE() AND table_name = 'room'""", String.class);
        assertThat(roomColumns).contains("id", "host_id", "name", "created_at", "closed_at", "current_track_id",
                "current_segment", "playback_started_at", "paused");
        List<String> messageColumns = jdbc.queryForList("""
                SELECT column_name FROM information_schema.columns
                WHERE table_schema = DATABASE() AND table_name = 'room_message'""", String.class);
        assertThat(messageColumns).contains("id", "room_id", "user_id", "text", "track_id", "position_ms",
                "sent_at");
    }

    @Test
    void itRunsOnReactorNettyWithoutAServletContainer() {
        assertThat(isPresent("reactor.netty.http.server.HttpServer")).isTrue();
        assertThat(isPresent("jakarta.servlet.Servlet")).isFalse();
        assertThat(isPresent("org.apache.catalina.startup.Tomcat")).isFalse();
    }

    // ---- rooms ----

    @Test
    void openRoomsAreWalkedNewestFirstEachExactlyOnce() throws Exception {
        Instant t = Instant.parse("2026-04-01T20:00:00.100Z");
        List<Room> open = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            open.add(room("Room " + i, t.plusSeconds(i), null));
        }
        // Rooms opened in the same millisecond: the id breaks the tie, so none is skipped or repeated.
        for (int i = 0; i < 3; i++) {
            open.add(room("Same ms " + i, t.plusSeconds(30), null));
        }
        room("Closed", t.plusSeconds(60), t.plusSeconds(120));

        List<String> walked = walk(2);

        List<String> expected = open.stream()
                .sorted(Comparator.comparing(Room::createdAt).thenComparing(r -> r.id().toString()).reversed())
                .map(r -> r.id().toString())
                .toList();
        assertThat(walked).containsExactlyElementsOf(expected);
    }

    @Test
    void aRoomListsItsFieldsAndOmitsWhatIsNotThere() throws Exception {
        Room quiet = room("Quiet", Instant.parse("2026-04-02T10:00:00Z"), null);

        JsonNode page = ok(get("/api/rooms"));

        assertThat(page.path("items").size()).isEqualTo(1);
        assertThat(page.has("nextCursor")).isFalse();
        JsonNode item = page.path("items").get(0);
        assertThat(item.path("id").asString()).isEqualTo(quiet.id().toString());
        assertThat(item.path("hostId").asString()).isEqualTo(quiet.hostId().toString());
        assertThat(item.path("name").asString()).isEqualTo("Quiet");
        assertThat(item.path("createdAt").asString()).isEqualTo("2026-04-02T10:00:00Z");
        assertThat(item.has("closedAt")).isFalse();
        assertThat(item.has("playback")).isFalse();
    }

    @Test
    void aRoomIsServedWithItsPlayback() throws Exception {
        Room room = room("Friday", Instant.parse("2026-04-03T21:00:00Z"), null);
        UUID track = UUID.randomUUID();
        Instant started = Instant.parse("2026-04-03T21:05:00.250Z");
        jdbc.update("""
                UPDATE room SET current_track_id = ?, current_segment = 12, playback_started_at = ?, paused = TRUE,
                                position_ms = 61000
                WHERE id = ?""", track.toString(), LocalDateTime.ofInstant(started, ZoneOffset.UTC),
                room.id().toString());

        JsonNode body = ok(get("/api/rooms/" + room.id()));

        assertThat(body.path("name").asString()).isEqualTo("Friday");
        assertThat(body.path("visibility").asString()).isEqualTo("PUBLIC");
        assertThat(body.path("listeners").asInt()).isZero();
        assertThat(body.path("playback").path("trackId").asString()).isEqualTo(track.toString());
        assertThat(body.path("playback").path("positionMs").asLong()).isEqualTo(61_000);
        assertThat(body.path("playback").path("paused").asBoolean()).isTrue();
    }

    @Test
    void aClosedRoomCanStillBeLookedAtButIsNotListed() throws Exception {
        Room closed = room("Over", Instant.parse("2026-04-04T20:00:00Z"), Instant.parse("2026-04-04T23:00:00Z"));

        assertThat(ok(get("/api/rooms/" + closed.id())).path("closedAt").asString())
                .isEqualTo("2026-04-04T23:00:00Z");
        assertThat(ok(get("/api/rooms")).path("items").isEmpty()).isTrue();
    }

    @Test
    void anUnknownRoomIsA404Problem() throws Exception {
        UUID id = UUID.randomUUID();

        JsonNode problem = problem(get("/api/rooms/" + id), 404, ProblemTypes.NOT_FOUND);

        assertThat(problem.path("detail").asString()).isEqualTo("room " + id + " does not exist");
        assertThat(problem.path("instance").asString()).isEqualTo("/api/rooms/" + id);
    }

    @Test
    void aRoomIdThatIsNotAUuidIsA400ProblemNamingIt() throws Exception {
        JsonNode problem = problem(get("/api/rooms/not-a-uuid"), 400, ProblemTypes.VALIDATION);

        assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("id");
    }

    @Test
    void pageSizeAndCursorAreChecked() throws Exception {
        problem(get("/api/rooms?limit=0"), 400, ProblemTypes.of("invalid-limit"));
        problem(get("/api/rooms?limit=101"), 400, ProblemTypes.of("invalid-limit"));
        problem(get("/api/rooms?cursor=garbage"), 400, ProblemTypes.of("invalid-cursor"));
    }

    // ---- helpers ----

    record Room(UUID id, UUID hostId, Instant createdAt) {
    }

    Room room(String name, Instant createdAt, Instant closedAt) {
        Room room = new Room(UUID.randomUUID(), UUID.randomUUID(), createdAt);
        jdbc.update("INSERT INTO room (id, host_id, name, created_at, closed_at) VALUES (?, ?, ?, ?, ?)",
                room.id().toString(), room.hostId().toString(), name,
                LocalDateTime.ofInstant(createdAt, ZoneOffset.UTC),
                closedAt == null ? null : LocalDateTime.ofInstant(closedAt, ZoneOffset.UTC));
        return room;
    }

    /** Follows nextCursor to the end, checking no room comes twice; returns the ids in the order served. */
    List<String> walk(int limit) throws Exception {
        List<String> ids = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        do {
            JsonNode page = ok(get("/api/rooms?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor)));
            assertThat(page.path("items").size()).isLessThanOrEqualTo(limit);
            page.path("items").forEach(item -> ids.add(item.path("id").asString()));
            cursor = page.has("nextCursor") ? page.path("nextCursor").asString() : null;
            assertThat(cursor == null || cursors.add(cursor)).as("a cursor repeated").isTrue();
        } while (cursor != null);
        assertThat(new HashSet<>(ids)).as("no room twice").hasSize(ids.size());
        return ids;
    }

    static boolean isPresent(String className) {
        return org.springframework.util.ClassUtils.isPresent(className, ChatServiceIT.class.getClassLoader());
    }

    HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    static JsonNode problem(HttpResponse<String> response, int status, URI type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                ct -> assertThat(ct).startsWith("application/problem+json"));
        JsonNode body = JSON.readTree(response.body());
        assertThat(body.path("type").asString()).isEqualTo(type.toString());
        assertThat(body.path("status").asInt()).isEqualTo(status);
        return body;
    }
}
