package dev.lalala.track;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.testsupport.TestTokens;
import dev.lalala.track.genre.Genre;
import java.net.Socket;
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
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
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

/** track-service over real HTTP, on a real MariaDB and Kafka, with real (test-signed) access tokens. */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA}, databases = "tracks")
// The pipeline's worker is off: these tests insert PROCESSING rows by hand, which it would otherwise pick up.
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "lalala.tracks.worker.enabled=false")
class TrackServiceIT {

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
        jdbc.update("DELETE FROM track");
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
        assertThat(metrics.body()).contains("application=\"track-service\"");
    }

    @Test
    void apiDocsListTheEndpoints() throws Exception {
        JsonNode docs = json(get("/v3/api-docs"), 200);
        assertThat(docs.path("info").path("title").asString()).isEqualTo("LALALA track-service");
        JsonNode paths = docs.path("paths");
        assertThat(paths.path("/api/tracks/{id}").path("get").path("responses").has("404")).isTrue();
        assertThat(paths.path("/api/tracks").path("get").path("responses").has("400")).isTrue();
        assertThat(paths.path("/api/tracks/genres").path("get").path("responses").has("200")).isTrue();
        assertThat(paths.path("/api/charts/{window}").path("get").path("responses").has("400")).isTrue();
    }

    @Test
    void listsTheGenres() throws Exception {
        JsonNode genres = json(get("/api/tracks/genres"), 200).path("items");
        assertThat(genres.size()).isEqualTo(Genre.values().length);
        assertThat(genres.get(0).path("id").asString()).isEqualTo("ambient");
        assertThat(genres.get(0).path("name").asString()).isEqualTo("Ambient");
        List<String> ids = new ArrayList<>();
        genres.forEach(g -> ids.add(g.path("id").asString()));
        assertThat(ids).containsExactlyElementsOf(Arrays.stream(Genre.values()).map(Genre::id).toList());
    }

    @Test
    void servesAPublishedSongWithItsTags() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID id = new TrackRow(owner).title("Han River at 2 AM").genre("k-pop").tags("city pop", "night", "seoul")
                .description("Recorded on a balcony.").plays(42).likes(7).insert(jdbc);

        JsonNode track = json(get("/api/tracks/" + id), 200);

        assertThat(track.path("id").asString()).isEqualTo(id.toString());
        assertThat(track.path("ownerId").asString()).isEqualTo(owner.toString());
        assertThat(track.path("title").asString()).isEqualTo("Han River at 2 AM");
        assertThat(track.path("genre").asString()).isEqualTo("k-pop");
        assertThat(track.path("tags").toString()).isEqualTo("[\"city pop\",\"night\",\"seoul\"]");
        assertThat(track.path("description").asString()).isEqualTo("Recorded on a balcony.");
        assertThat(track.path("visibility").asString()).isEqualTo("PUBLIC");
        assertThat(track.path("status").asString()).isEqualTo("READY");
        assertThat(track.path("durationMs").asLong()).isEqualTo(187_000);
        assertThat(track.path("segmentCount").asInt()).isEqualTo(38);
        assertThat(track.path("sampleRate").asInt()).isEqualTo(44_100);
        assertThat(track.path("gainDb").asDouble()).isEqualTo(-3.5);
        assertThat(track.path("playCount").asLong()).isEqualTo(42);
        assertThat(track.path("likeCount").asLong()).isEqualTo(7);
        assertThat(Instant.parse(track.path("publishedAt").asString())).isEqualTo(T0);
        // The pipeline's internals are the owner's business.
        assertThat(track.has("processing")).isFalse();
    }

    @Test
    void unlistedSongsAreReachableByIdButNeverListed() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID unlisted = new TrackRow(owner).visibility("UNLISTED").insert(jdbc);

        assertThat(json(get("/api/tracks/" + unlisted), 200).path("visibility").asString()).isEqualTo("UNLISTED");
        assertThat(json(get("/api/tracks?artist=" + owner), 200).path("items").size()).isZero();
    }

    @Test
    void privateAndUnfinishedSongsAreHiddenFromAllButTheirOwner() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID privateSong = new TrackRow(owner).visibility("PRIVATE").insert(jdbc);
        UUID processing = new TrackRow(owner).processing("SEGMENTING", 40).insert(jdbc);
        UUID failed = new TrackRow(owner).failed("Not an audio file we can decode").insert(jdbc);
        String ownerToken = TOKENS.tokenFor(owner);
        String someoneElse = TOKENS.tokenFor(UUID.randomUUID());

        for (UUID id : List.of(privateSong, processing, failed)) {
            JsonNode anonymous = problem(get("/api/tracks/" + id), 404);
            assertThat(anonymous.path("type").asString()).isEqualTo("https://lalala.dev/problems/not-found");
            problem(get("/api/tracks/" + id, someoneElse), 404);
            assertThat(json(get("/api/tracks/" + id, ownerToken), 200).path("id").asString()).isEqualTo(id.toString());
        }

        JsonNode progress = json(get("/api/tracks/" + processing, ownerToken), 200);
        assertThat(progress.path("status").asString()).isEqualTo("PROCESSING");
        assertThat(progress.path("processing").path("stage").asString()).isEqualTo("SEGMENTING");
        assertThat(progress.path("processing").path("percent").asInt()).isEqualTo(40);
        assertThat(json(get("/api/tracks/" + failed, ownerToken), 200).path("processing").path("failureReason")
                .asString()).isEqualTo("Not an audio file we can decode");

        // Not in the artist's public list either, whoever asks.
        assertThat(json(get("/api/tracks?artist=" + owner, ownerToken), 200).path("items").size()).isZero();
    }

    @Test
    void anArtistListsAllTheirOwnSongsInAnyStateNewestUploadFirst() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID published = new TrackRow(owner).createdAt(T0.minusSeconds(400)).insert(jdbc);
        UUID unlisted = new TrackRow(owner).visibility("UNLISTED").createdAt(T0.minusSeconds(300)).insert(jdbc);
        UUID privateSong = new TrackRow(owner).visibility("PRIVATE").createdAt(T0.minusSeconds(200)).insert(jdbc);
        UUID processing = new TrackRow(owner).processing("SEGMENTING", 40).createdAt(T0.minusSeconds(100)).insert(jdbc);
        UUID failed = new TrackRow(owner).failed("Not an audio file we can decode").createdAt(T0.minusSeconds(100))
                .insert(jdbc);
        new TrackRow(UUID.randomUUID()).insert(jdbc);
        String ownerToken = TOKENS.tokenFor(owner);

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = json(get("/api/tracks/mine?limit=2" + (cursor == null ? ""
                    : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)), ownerToken), 200);
            page.path("items").forEach(item -> {
                assertThat(item.path("ownerId").asString()).isEqualTo(owner.toString());
                seen.add(item.path("id").asString());
                if (item.path("id").asString().equals(failed.toString())) {
                    assertThat(item.path("processing").path("failureReason").asString())
                            .isEqualTo("Not an audio file we can decode");
                }
                if (item.path("id").asString().equals(processing.toString())) {
                    assertThat(item.path("processing").path("stage").asString()).isEqualTo("SEGMENTING");
                }
            });
            cursor = page.has("nextCursor") ? page.path("nextCursor").asString() : null;
            pages++;
        } while (cursor != null && pages < 10);

        // Newest upload first; the two uploaded in the same millisecond by id, descending.
        List<String> sameTime = java.util.stream.Stream.of(processing, failed).map(UUID::toString)
                .sorted(java.util.Comparator.reverseOrder()).toList();
        assertThat(seen).containsExactly(sameTime.get(0), sameTime.get(1), privateSong.toString(),
                unlisted.toString(), published.toString());
        assertThat(pages).isEqualTo(3);
        // Only one's own: someone else sees their own (none), nobody without a token.
        assertThat(json(get("/api/tracks/mine", TOKENS.tokenFor(UUID.randomUUID())), 200).path("items").size())
                .isZero();
        assertThat(problem(get("/api/tracks/mine"), 401).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/unauthorized");
    }

    @Test
    void anInvalidTokenIsRefusedEvenOnPublicRoutes() throws Exception {
        UUID id = new TrackRow(UUID.randomUUID()).insert(jdbc);
        HttpResponse<String> response = get("/api/tracks/" + id, "not.a.token");
        assertThat(problem(response, 401).path("type").asString()).isEqualTo("https://lalala.dev/problems/unauthorized");
    }

    @Test
    void unknownSongsAndBadIdsAreProblems() throws Exception {
        UUID unknown = UUID.randomUUID();
        JsonNode notFound = problem(get("/api/tracks/" + unknown), 404);
        assertThat(notFound.path("type").asString()).isEqualTo("https://lalala.dev/problems/not-found");
        assertThat(notFound.path("instance").asString()).isEqualTo("/api/tracks/" + unknown);

        JsonNode badId = problem(get("/api/tracks/not-a-uuid"), 400);
        assertThat(badId.path("type").asString()).isEqualTo("https://lalala.dev/problems/validation");
        assertThat(badId.path("errors").get(0).path("field").asString()).isEqualTo("id");
    }

    @Test
    void pagesThroughAnArtistsSongsNewestFirstExactlyOnce() throws Exception {
        UUID artist = UUID.randomUUID();
        List<UUID> expected = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            // Pairs share a publication time, so the id must break ties for the cursor to be exact.
            expected.add(new TrackRow(artist).title("Song " + i).publishedAt(T0.plus(Duration.ofMinutes(i / 2)))
                    .insert(jdbc));
        }
        new TrackRow(artist).visibility("PRIVATE").publishedAt(T0.plus(Duration.ofDays(1))).insert(jdbc);
        new TrackRow(artist).visibility("UNLISTED").publishedAt(T0.plus(Duration.ofDays(1))).insert(jdbc);
        new TrackRow(artist).processing("ANALYZING", 80).insert(jdbc);
        new TrackRow(UUID.randomUUID()).publishedAt(T0.plus(Duration.ofDays(1))).insert(jdbc);

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            String path = "/api/tracks?artist=" + artist + "&limit=10"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8));
            JsonNode page = json(get(path), 200);
            page.path("items").forEach(item -> {
                assertThat(item.path("ownerId").asString()).isEqualTo(artist.toString());
                assertThat(item.path("visibility").asString()).isEqualTo("PUBLIC");
                seen.add(item.path("id").asString());
            });
            pageSizes.add(page.path("items").size());
            cursor = page.has("nextCursor") ? page.path("nextCursor").asString() : null;
        } while (cursor != null && pageSizes.size() < 10);

        assertThat(pageSizes).containsExactly(10, 10, 5);
        assertThat(new HashSet<>(seen)).hasSize(25);
        List<String> newestFirst = expected.stream()
                .sorted((a, b) -> {
                    int byTime = Integer.compare(expected.indexOf(b) / 2, expected.indexOf(a) / 2);
                    return byTime != 0 ? byTime : b.toString().compareTo(a.toString());
                })
                .map(UUID::toString)
                .toList();
        assertThat(seen).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void theNewestSongsOfEveryoneArePublicOnlyNewestFirstAndByGenre() throws Exception {
        List<UUID> published = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            published.add(new TrackRow(UUID.randomUUID()).title("Fresh " + i).genre(i % 2 == 0 ? "jazz" : "pop")
                    .publishedAt(T0.plus(Duration.ofMinutes(i))).insert(jdbc));
        }
        new TrackRow(UUID.randomUUID()).visibility("PRIVATE").publishedAt(T0.plus(Duration.ofDays(1))).insert(jdbc);
        new TrackRow(UUID.randomUUID()).visibility("UNLISTED").publishedAt(T0.plus(Duration.ofDays(1))).insert(jdbc);
        new TrackRow(UUID.randomUUID()).processing("ANALYZING", 80).insert(jdbc);

        JsonNode first = json(get("/api/tracks/latest?limit=3"), 200);
        List<String> seen = new ArrayList<>();
        first.path("items").forEach(item -> seen.add(item.path("id").asString()));
        JsonNode second = json(get("/api/tracks/latest?limit=3&cursor="
                + URLEncoder.encode(first.path("nextCursor").asString(), StandardCharsets.UTF_8)), 200);
        second.path("items").forEach(item -> seen.add(item.path("id").asString()));
        assertThat(second.has("nextCursor")).isFalse();
        assertThat(seen).containsExactly(published.get(4).toString(), published.get(3).toString(),
                published.get(2).toString(), published.get(1).toString(), published.get(0).toString());

        List<String> jazz = new ArrayList<>();
        json(get("/api/tracks/latest?genre=jazz"), 200).path("items")
                .forEach(item -> jazz.add(item.path("id").asString()));
        assertThat(jazz).containsExactly(published.get(4).toString(), published.get(2).toString(),
                published.get(0).toString());
        assertThat(problem(get("/api/tracks/latest?genre=polka-metal"), 400).path("type").asString())
                .endsWith("unknown-genre");
    }

    @Test
    void theDefaultPageIsTwentyAndBadPagingIsABadRequest() throws Exception {
        UUID artist = UUID.randomUUID();
        for (int i = 0; i < 21; i++) {
            new TrackRow(artist).publishedAt(T0.plusSeconds(i)).insert(jdbc);
        }
        JsonNode first = json(get("/api/tracks?artist=" + artist), 200);
        assertThat(first.path("items").size()).isEqualTo(20);
        assertThat(first.has("nextCursor")).isTrue();

        assertThat(problem(get("/api/tracks?artist=" + artist + "&limit=1000"), 400).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/invalid-limit");
        problem(get("/api/tracks?artist=" + artist + "&limit=0"), 400);
        problem(get("/api/tracks?artist=" + artist + "&limit=ten"), 400);
        assertThat(problem(get("/api/tracks?artist=" + artist + "&cursor=bogus"), 400).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/invalid-cursor");
        problem(get("/api/tracks?artist=not-a-uuid"), 400);
        problem(get("/api/tracks"), 400);
    }

    @Test
    void likesCountOnceAndFollowVisibility() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID fan = UUID.randomUUID();
        String token = TOKENS.tokenFor(fan);
        UUID song = new TrackRow(owner).likes(7).insert(jdbc);
        String like = "/api/tracks/" + song + "/like";

        assertThat(json(send("PUT", like, token), 200).path("likeCount").asLong()).isEqualTo(8);
        assertThat(json(send("PUT", like, token), 200).path("likeCount").asLong()).isEqualTo(8);
        JsonNode state = json(get(like, token), 200);
        assertThat(state.path("liked").asBoolean()).isTrue();
        assertThat(state.path("likeCount").asLong()).isEqualTo(8);
        assertThat(json(send("DELETE", like, token), 200).path("likeCount").asLong()).isEqualTo(7);
        assertThat(json(send("DELETE", like, token), 200).path("likeCount").asLong()).isEqualTo(7);
        assertThat(json(get(like, token), 200).path("liked").asBoolean()).isFalse();

        // Someone else's private or unfinished song does not exist for the fan; their own private one does.
        for (UUID hidden : List.of(new TrackRow(owner).visibility("PRIVATE").insert(jdbc),
                new TrackRow(owner).processing("SEGMENTING", 40).insert(jdbc))) {
            problem(send("PUT", "/api/tracks/" + hidden + "/like", token), 404);
            problem(get("/api/tracks/" + hidden + "/like", token), 404);
        }
        UUID own = new TrackRow(fan).visibility("PRIVATE").insert(jdbc);
        assertThat(json(send("PUT", "/api/tracks/" + own + "/like", token), 200).path("likeCount").asLong())
                .isEqualTo(1);
        problem(send("PUT", "/api/tracks/" + UUID.randomUUID() + "/like", token), 404);
    }

    @Test
    void theLikedListPagesNewestLikeFirstWithTagsAndOnlyWhatTheFanMaySee() throws Exception {
        UUID artist = UUID.randomUUID();
        UUID fan = UUID.randomUUID();
        List<UUID> seeable = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            seeable.add(new TrackRow(artist).title("Liked " + i).tags("tag " + i, "night").insert(jdbc));
        }
        seeable.add(new TrackRow(artist).visibility("UNLISTED").insert(jdbc));
        UUID own = new TrackRow(fan).visibility("PRIVATE").insert(jdbc);
        seeable.add(own);
        List<UUID> hidden = List.of(new TrackRow(artist).visibility("PRIVATE").insert(jdbc),
                new TrackRow(artist).processing("ANALYZING", 80).insert(jdbc),
                new TrackRow(artist).failed("broken").insert(jdbc));
        jdbc.update("UPDATE track SET waveform = '[0.5,0.25]'");
        List<UUID> all = new ArrayList<>(seeable);
        all.addAll(hidden);
        for (int i = 0; i < all.size(); i++) {
            // Pairs share a like time, so the id must break ties for the cursor to be exact.
            jdbc.update("INSERT INTO track_like (track_id, user_id, liked_at) VALUES (?, ?, ?)",
                    all.get(i).toString(), fan.toString(), utc(T0.plusSeconds(i / 2)));
        }
        jdbc.update("INSERT INTO track_like (track_id, user_id, liked_at) VALUES (?, ?, ?)",
                seeable.getFirst().toString(), UUID.randomUUID().toString(), utc(T0.plusSeconds(60)));

        List<String> seen = new ArrayList<>();
        List<Integer> pageSizes = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = json(get("/api/tracks/liked?limit=3"
                    + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)),
                    TOKENS.tokenFor(fan)), 200);
            for (JsonNode item : page.path("items")) {
                UUID id = UUID.fromString(item.path("id").asString());
                seen.add(id.toString());
                assertThat(item.has("waveform")).as("no waveform in lists").isFalse();
                assertThat(item.has("processing")).as("the owner's view for their own song only")
                        .isEqualTo(id.equals(own));
                int index = seeable.indexOf(id);
                if (index < 6) {
                    assertThat(item.path("title").asString()).isEqualTo("Liked " + index);
                    assertThat(item.path("tags").toString()).isEqualTo("[\"tag " + index + "\",\"night\"]");
                }
            }
            pageSizes.add(page.path("items").size());
            cursor = page.has("nextCursor") ? page.path("nextCursor").asString() : null;
        } while (cursor != null && pageSizes.size() < 10);

        assertThat(pageSizes).containsExactly(3, 3, 2);
        List<String> newestFirst = seeable.stream()
                .sorted((a, b) -> {
                    int byTime = Integer.compare(all.indexOf(b) / 2, all.indexOf(a) / 2);
                    return byTime != 0 ? byTime : b.toString().compareTo(a.toString());
                })
                .map(UUID::toString)
                .toList();
        assertThat(seen).containsExactlyElementsOf(newestFirst);
    }

    @Test
    void progressStreamsAreCappedPerUserAndFreedWhenTheClientLeaves() throws Exception {
        UUID owner = UUID.randomUUID();
        String token = TOKENS.tokenFor(owner);
        // PROCESSING, and with the worker off nothing finishes it: the streams stay open.
        UUID song = new TrackRow(owner).processing("SEGMENTING", 40).insert(jdbc);
        List<Socket> streams = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                Socket stream = progress(song, token);
                assertThat(status(stream)).isEqualTo(200);
                assertThat(readUntil(stream, "data:")).contains("\"stage\":\"SEGMENTING\"", "\"percent\":40");
                streams.add(stream);
            }
            HttpResponse<String> sixth = HTTP.send(HttpRequest.newBuilder(uri("/api/tracks/" + song + "/progress"))
                    .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(problem(sixth, 429).path("type").asString())
                    .isEqualTo("https://lalala.dev/problems/too-many-requests");

            // A client that goes away gives its place back (the server stops polling for it).
            streams.removeFirst().close();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (true) {
                Socket again = progress(song, token);
                int status = status(again);
                if (status == 200) {
                    streams.add(again);
                    break;
                }
                again.close();
                assertThat(status).isEqualTo(429);
                assertThat(System.nanoTime()).as("a place freed within 30 s").isLessThan(deadline);
                Thread.sleep(500);
            }
        } finally {
            for (Socket stream : streams) {
                stream.close();
            }
        }
    }

    /** A progress stream on a raw socket, so that the test decides when the client goes away. */
    private Socket progress(UUID song, String token) throws Exception {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        socket.getOutputStream().write(("GET /api/tracks/" + song + "/progress HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Authorization: Bearer " + token + "\r\nAccept: text/event-stream\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        return socket;
    }

    private static int status(Socket socket) throws Exception {
        String line = readUntil(socket, "HTTP/1.1 ");
        return Integer.parseInt(line.substring(9, 12));
    }

    private static String readUntil(Socket socket, String prefix) throws Exception {
        StringBuilder line = new StringBuilder();
        var in = socket.getInputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new AssertionError("the stream ended before a line starting with " + prefix);
            }
            if (b == '\n') {
                String text = line.toString().strip();
                if (text.startsWith(prefix)) {
                    return text;
                }
                line.setLength(0);
            } else {
                line.append((char) b);
            }
        }
    }

    @Test
    void chartsAreEmptyWhileNothingWasPlayed() throws Exception {
        new TrackRow(UUID.randomUUID()).insert(jdbc);
        for (String window : List.of("24h", "7d", "all")) {
            JsonNode chart = json(get("/api/charts/" + window), 200);
            assertThat(chart.path("window").asString()).isEqualTo(window);
            assertThat(chart.path("items").isArray()).isTrue();
            assertThat(chart.path("items").size()).isZero();
        }
        JsonNode jazz = json(get("/api/charts/7d?genre=jazz"), 200);
        assertThat(jazz.path("genre").asString()).isEqualTo("jazz");
        assertThat(jazz.path("items").size()).isZero();
    }

    @Test
    void chartsRankPublishedPublicSongsByPlaysInTheirWindow() throws Exception {
        Instant now = Instant.now();
        UUID steady = new TrackRow(UUID.randomUUID()).title("Steady").genre("jazz").plays(1_000).insert(jdbc);
        UUID hot = new TrackRow(UUID.randomUUID()).title("Hot").genre("rock").plays(300).insert(jdbc);
        UUID hidden = new TrackRow(UUID.randomUUID()).visibility("PRIVATE").plays(5_000).insert(jdbc);
        UUID unlisted = new TrackRow(UUID.randomUUID()).visibility("UNLISTED").plays(5_000).insert(jdbc);
        plays(hot, now.minus(Duration.ofHours(1)), 250);
        plays(steady, now.minus(Duration.ofHours(2)), 10);
        plays(steady, now.minus(Duration.ofDays(3)), 500);
        plays(hidden, now.minus(Duration.ofHours(1)), 900);
        plays(unlisted, now.minus(Duration.ofHours(1)), 900);

        assertThat(chart("/api/charts/24h")).containsExactly(hot + "=250", steady + "=10");
        assertThat(chart("/api/charts/7d")).containsExactly(steady + "=510", hot + "=250");
        assertThat(chart("/api/charts/all")).containsExactly(steady + "=1000", hot + "=300");
        assertThat(chart("/api/charts/7d?genre=rock")).containsExactly(hot + "=250");
        assertThat(chart("/api/charts/all?limit=1")).containsExactly(steady + "=1000");

        JsonNode first = json(get("/api/charts/24h"), 200).path("items").get(0);
        assertThat(first.path("rank").asInt()).isEqualTo(1);
        assertThat(first.path("title").asString()).isEqualTo("Hot");
        assertThat(first.path("genre").asString()).isEqualTo("rock");
    }

    @Test
    void unknownChartWindowsAndGenresAreBadRequests() throws Exception {
        JsonNode window = problem(get("/api/charts/1y"), 400);
        assertThat(window.path("type").asString()).isEqualTo("https://lalala.dev/problems/unknown-chart-window");
        assertThat(window.path("allowed").toString()).isEqualTo("[\"24h\",\"7d\",\"all\"]");
        assertThat(problem(get("/api/charts/24h?genre=polka"), 400).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/unknown-genre");
        assertThat(problem(get("/api/charts/24h?limit=1000"), 400).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/validation");
    }

    @Test
    void theSchemaHasTheTrackTablesAndThePlatformTables() {
        List<String> tables = jdbc.queryForList(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()", String.class);
        assertThat(tables).contains("track", "track_tag", "track_like", "track_play_hourly", "outbox_event",
                "processed_event", "flyway_schema_history", "platform_schema_history");

        UUID track = new TrackRow(UUID.randomUUID()).insert(jdbc);
        UUID user = UUID.randomUUID();
        jdbc.update("INSERT INTO track_like (track_id, user_id, liked_at) VALUES (?, ?, ?)", track.toString(),
                user.toString(), utc(Instant.now()));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM track_like WHERE track_id = ?", Integer.class,
                track.toString())).isEqualTo(1);
        jdbc.update("DELETE FROM track WHERE id = ?", track.toString());
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM track_like", Integer.class)).isZero();
    }

    private List<String> chart(String path) throws Exception {
        List<String> entries = new ArrayList<>();
        json(get(path), 200).path("items").forEach(item ->
                entries.add(item.path("trackId").asString() + "=" + item.path("plays").asLong()));
        return entries;
    }

    private void plays(UUID track, Instant at, long plays) {
        jdbc.update("INSERT INTO track_play_hourly (track_id, hour_start, plays) VALUES (?, ?, ?)", track.toString(),
                utc(at.truncatedTo(ChronoUnit.HOURS)), plays);
    }

    static LocalDateTime utc(Instant instant) {
        return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** A row of the track table, published and public unless told otherwise. */
    static final class TrackRow {
        final UUID id = UUID.randomUUID();
        final UUID owner;
        String title = "Untitled";
        String genre = "indie";
        List<String> tags = List.of();
        String description;
        String visibility = "PUBLIC";
        String status = "READY";
        String stage = "DONE";
        int percent = 100;
        String failureReason;
        Instant publishedAt = T0;
        Instant createdAt = T0.minusSeconds(60);
        long plays;
        long likes;

        TrackRow(UUID owner) {
            this.owner = owner;
        }

        TrackRow title(String value) { title = value; return this; }
        TrackRow genre(String value) { genre = value; return this; }
        TrackRow tags(String... values) { tags = List.of(values); return this; }
        TrackRow description(String value) { description = value; return this; }
        TrackRow visibility(String value) { visibility = value; return this; }
        TrackRow publishedAt(Instant value) { publishedAt = value; return this; }
        TrackRow createdAt(Instant value) { createdAt = value; return this; }
        TrackRow plays(long value) { plays = value; return this; }
        TrackRow likes(long value) { likes = value; return this; }

        TrackRow processing(String processingStage, int processingPercent) {
            status = "PROCESSING";
            stage = processingStage;
            percent = processingPercent;
            publishedAt = null;
            return this;
        }

        TrackRow failed(String reason) {
            status = "FAILED";
            stage = "VALIDATING";
            percent = 10;
            failureReason = reason;
            publishedAt = null;
            return this;
        }

        UUID insert(JdbcTemplate jdbc) {
            boolean ready = status.equals("READY");
            jdbc.update("""
                    INSERT INTO track (id, owner_id, title, genre, description, visibility, status, processing_stage,
                        processing_percent, failure_reason, duration_ms, segment_count, segment_samples, sample_rate,
                        gain_db, play_count, like_count, created_at, updated_at, published_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
                    id.toString(), owner.toString(), title, genre, description, visibility, status, stage, percent,
                    failureReason, ready ? 187_000L : null, ready ? 38 : null, ready ? 220_500 : null,
                    ready ? 44_100 : null, ready ? -3.5 : null, plays, likes, utc(createdAt),
                    utc(createdAt), publishedAt == null ? null : utc(publishedAt));
            for (int i = 0; i < tags.size(); i++) {
                jdbc.update("INSERT INTO track_tag (track_id, tag, position) VALUES (?, ?, ?)", id.toString(),
                        tags.get(i), i);
            }
            return id;
        }
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

    private HttpResponse<String> send(String method, String path, String token) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
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
