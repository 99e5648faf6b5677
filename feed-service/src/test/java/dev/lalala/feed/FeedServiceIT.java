package dev.lalala.feed;

import dev.lalala.testsupport.TestTokens;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.neo4j.driver.Driver;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** feed-service over real HTTP against a real Neo4j (over Bolt), as the gateway and the fleet see it. */
class FeedServiceIT extends FeedIntegrationTest {

    static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    Driver neo4j;

    final HttpClient http = HttpClient.newHttpClient();

    // ---- probes, metrics, docs, schema ----

    @Test
    void readinessIsUpAndIncludesNeo4j() throws Exception {
        HttpResponse<String> response = get("/actuator/health/readiness");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode health = JSON.readTree(response.body());
        assertThat(health.path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("neo4j").path("status").asString()).isEqualTo("UP");
        assertThat(health.path("components").path("readinessState").path("status").asString()).isEqualTo("UP");
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
        assertThat(response.body()).contains("application=\"feed-service\"");
    }

    @Test
    void apiDocsListTheEndpoints() throws Exception {
        HttpResponse<String> response = get("/v3/api-docs");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode docs = JSON.readTree(response.body());
        assertThat(docs.path("info").path("title").asString()).isEqualTo("LALALA feed-service");
        assertThat(docs.path("paths").propertyNames()).contains(
                "/api/follows/{userId}/counts", "/api/follows/{userId}/followers",
                "/api/follows/{userId}/following", "/api/feed", "/api/follows/{userId}",
                "/api/follows/suggestions", "/api/follows/blocks/{userId}");
    }

    @Test
    void constraintsAndIndexesAreInPlace() {
        List<String> constraints = neo4j.executableQuery("SHOW CONSTRAINTS YIELD name RETURN name").execute()
                .records().stream().map(r -> r.get("name").asString()).toList();
        List<String> indexes = neo4j.executableQuery("SHOW INDEXES YIELD name, state RETURN name, state").execute()
                .records().stream().map(r -> r.get("name").asString() + ":" + r.get("state").asString()).toList();

        assertThat(constraints).contains("user_id_unique", "processed_event_id_unique", "activity_id_unique");
        assertThat(indexes).contains("activity_at:ONLINE", "follows_since:ONLINE");
    }

    // ---- counts ----

    @Test
    void countsComeFromTheGraph() throws Exception {
        UUID artist = UUID.randomUUID();
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < 3; i++) {
            follow(UUID.randomUUID(), artist, t.plusSeconds(i));
        }
        follow(artist, UUID.randomUUID(), t);
        follow(artist, UUID.randomUUID(), t);

        JsonNode counts = ok(get("/api/follows/" + artist + "/counts"));

        assertThat(counts.path("userId").asString()).isEqualTo(artist.toString());
        assertThat(counts.path("followers").asLong()).isEqualTo(3);
        assertThat(counts.path("following").asLong()).isEqualTo(2);
    }

    @Test
    void anUnknownUserHasNoFollowersAndFollowsNobody() throws Exception {
        UUID nobody = UUID.randomUUID();

        JsonNode counts = ok(get("/api/follows/" + nobody + "/counts"));

        assertThat(counts.path("userId").asString()).isEqualTo(nobody.toString());
        assertThat(counts.path("followers").asLong()).isZero();
        assertThat(counts.path("following").asLong()).isZero();
        assertThat(ok(get("/api/follows/" + nobody + "/followers")).path("items").isEmpty()).isTrue();
    }

    @Test
    void aUserIdThatIsNotAUuidIsA400ProblemNamingIt() throws Exception {
        for (String path : List.of("/api/follows/not-a-uuid/counts", "/api/follows/123/followers")) {
            JsonNode problem = problem(get(path), 400, ProblemTypes.VALIDATION);

            assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("userId");
        }
    }

    // ---- lists ----

    @Test
    void followersAreWalkedNewestFirstEachExactlyOnce() throws Exception {
        UUID artist = UUID.randomUUID();
        Instant t = Instant.parse("2026-02-01T10:00:00.123Z");
        List<Follow> follows = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            follows.add(new Follow(UUID.randomUUID(), t.plusMillis(i * 1000L)));
        }
        // Three follows in the same millisecond: the id breaks the tie, so none is skipped or repeated.
        for (int i = 0; i < 3; i++) {
            follows.add(new Follow(UUID.randomUUID(), t.plusSeconds(60)));
        }
        follows.forEach(f -> follow(f.userId(), artist, f.since()));
        follow(artist, UUID.randomUUID(), t); // a follow the other way is not a follower

        List<String> walked = walk("/api/follows/" + artist + "/followers", 3);

        List<String> expected = follows.stream()
                .sorted(Comparator.comparing(Follow::since).thenComparing(f -> f.userId().toString()).reversed())
                .map(f -> f.userId().toString())
                .toList();
        assertThat(walked).containsExactlyElementsOf(expected);
    }

    @Test
    void followingIsWalkedNewestFirstEachExactlyOnce() throws Exception {
        UUID fan = UUID.randomUUID();
        Instant t = Instant.parse("2026-02-02T10:00:00Z");
        List<Follow> follows = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            follows.add(new Follow(UUID.randomUUID(), t.minusSeconds(i)));
        }
        follows.forEach(f -> follow(fan, f.userId(), f.since()));

        JsonNode first = ok(get("/api/follows/" + fan + "/following?limit=4"));
        assertThat(first.has("nextCursor")).isFalse();
        assertThat(first.path("items").get(0).path("since").asString()).isEqualTo(t.toString());

        List<String> walked = walk("/api/follows/" + fan + "/following", 1);
        assertThat(walked).containsExactlyElementsOf(follows.stream().map(f -> f.userId().toString()).toList());
    }

    @Test
    void profileFieldsAppearWhenTheGraphKnowsThem() throws Exception {
        UUID artist = UUID.randomUUID();
        UUID fan = UUID.randomUUID();
        follow(fan, artist, Instant.parse("2026-02-03T00:00:00Z"));
        neo4j.executableQuery("MATCH (u:User {id: $id}) SET u.handle = 'mira', u.displayName = 'Mira K'")
                .withParameters(Map.of("id", fan.toString())).execute();

        JsonNode item = ok(get("/api/follows/" + artist + "/followers")).path("items").get(0);

        assertThat(item.path("userId").asString()).isEqualTo(fan.toString());
        assertThat(item.path("handle").asString()).isEqualTo("mira");
        assertThat(item.path("displayName").asString()).isEqualTo("Mira K");
        assertThat(item.path("since").asString()).isEqualTo("2026-02-03T00:00:00Z");
    }

    @Test
    void pageSizeAndCursorAreChecked() throws Exception {
        UUID user = UUID.randomUUID();
        problem(get("/api/follows/" + user + "/followers?limit=0"), 400, ProblemTypes.of("invalid-limit"));
        problem(get("/api/follows/" + user + "/following?limit=101"), 400, ProblemTypes.of("invalid-limit"));
        problem(get("/api/follows/" + user + "/followers?cursor=garbage"), 400, ProblemTypes.of("invalid-cursor"));
    }

    // ---- feed ----

    @Test
    void theFeedNeedsAToken() throws Exception {
        HttpResponse<String> response = get("/api/feed");

        problem(response, 401, ProblemTypes.UNAUTHORIZED);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                v -> assertThat(v).startsWith("Bearer"));
    }

    @Test
    void aNewUsersFeedIsEmpty() throws Exception {
        JsonNode feed = ok(get("/api/feed", "Authorization", "Bearer " + JWKS.tokenFor(UUID.randomUUID())));

        assertThat(feed.path("items").isArray()).isTrue();
        assertThat(feed.path("items").isEmpty()).isTrue();
        assertThat(feed.path("nextCursor").isMissingNode() || feed.path("nextCursor").isNull()).isTrue();
    }

    // ---- helpers ----

    record Follow(UUID userId, Instant since) {
    }

    void follow(UUID follower, UUID followee, Instant since) {
        neo4j.executableQuery("""
                MERGE (a:User {id: $follower})
                MERGE (b:User {id: $followee})
                CREATE (a)-[:FOLLOWS {since: datetime($since)}]->(b)""")
                .withParameters(Map.of("follower", follower.toString(), "followee", followee.toString(),
                        "since", since.toString()))
                .execute();
    }

    /** Follows nextCursor to the end, checking no id comes twice; returns the ids in the order served. */
    List<String> walk(String path, int limit) throws Exception {
        List<String> ids = new ArrayList<>();
        Set<String> cursors = new HashSet<>();
        String cursor = null;
        do {
            JsonNode page = ok(get(path + "?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor)));
            assertThat(page.path("items").size()).isLessThanOrEqualTo(limit);
            page.path("items").forEach(item -> ids.add(item.path("userId").asString()));
            cursor = page.has("nextCursor") && !page.path("nextCursor").isNull()
                    ? page.path("nextCursor").asString() : null;
            assertThat(cursor == null || cursors.add(cursor)).as("a cursor repeated").isTrue();
        } while (cursor != null);
        assertThat(new HashSet<>(ids)).as("no item twice").hasSize(ids.size());
        return ids;
    }

    HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
        assertThat(body.path("title").asString()).isNotBlank();
        return body;
    }
}
