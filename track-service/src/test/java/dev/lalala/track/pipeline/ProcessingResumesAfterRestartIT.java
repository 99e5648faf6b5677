package dev.lalala.track.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.events.audio.AudioLayout;
import dev.lalala.events.audio.TrackManifest;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.infra.test.TestInfrastructure;
import dev.lalala.testsupport.TestTokens;
import dev.lalala.track.TrackServiceApplication;
import dev.lalala.track.support.Multipart;
import dev.lalala.track.support.TestAudio;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The service is stopped while a song is being processed (its worker killed mid-pipeline, as in a crash: nothing
 * is handed back), and a new instance started on the same database and blob store finishes the song.
 */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA}, databases = "tracks")
class ProcessingResumesAfterRestartIT {

    static final TestTokens TOKENS = new TestTokens();
    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final Path BLOBS = Path.of("target", "it-blobs-restart-" + UUID.randomUUID()).toAbsolutePath();

    @TempDir static Path audio;

    @AfterAll
    static void stopTokens() {
        TOKENS.close();
    }

    @Test
    void aSongLeftHalfProcessedByAStoppedServiceIsFinishedByTheNextOne() throws Exception {
        UUID artist = UUID.randomUUID();
        // Slow stages and a short lease: the song is surely mid-pipeline when the first instance stops.
        ConfigurableApplicationContext first = start(Map.of("lalala.tracks.stage-delay", "1500ms"));
        UUID id;
        String firstWorker;
        JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
        try {
            int port = ((WebServerApplicationContext) first).getWebServer().getPort();
            Path song = TestAudio.generate(TestAudio.Format.MP3, 12, audio);
            Multipart form = new Multipart().field("genre", "ambient")
                    .file("file", "long.mp3", "audio/mpeg", Files.readAllBytes(song));
            HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/tracks"))
                    .header("Authorization", "Bearer " + TOKENS.tokenFor(artist))
                    .header("Content-Type", form.contentType()).POST(form.publisher()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            id = UUID.fromString(JsonMapper.builder().build().readTree(accepted.body()).path("id").asString());

            await(() -> "VALIDATING".equals(column(jdbc, id, "processing_stage"))
                    || "SEGMENTING".equals(column(jdbc, id, "processing_stage")));
            firstWorker = column(jdbc, id, "lease_owner");
            assertThat(firstWorker).isNotNull();
        } finally {
            first.close();
        }
        // Stopped mid-way: not published, no manifest.
        ConfigurableApplicationContext second = start(Map.of());
        try {
            JdbcTemplate jdbc2 = second.getBean(JdbcTemplate.class);
            assertThat(column(jdbc2, id, "status")).isEqualTo("PROCESSING");
            assertThat(Files.exists(BLOBS.resolve(AudioLayout.manifestKey(id)))).isFalse();

            await(() -> "READY".equals(column(jdbc2, id, "status")));

            assertThat(jdbc2.queryForObject("SELECT attempts FROM track WHERE id = ?", Integer.class, id.toString()))
                    .isEqualTo(2);
            TrackManifest manifest = TrackManifest.fromJson(
                    Files.readAllBytes(BLOBS.resolve(AudioLayout.manifestKey(id))));
            assertThat(manifest.segmentCount()).isEqualTo(3);
            byte[] joined = new byte[0];
            for (int i = 0; i < manifest.segmentCount(); i++) {
                byte[] pcm = TestAudio.decode(BLOBS.resolve(AudioLayout.segmentKey(id, i)));
                assertThat(pcm.length / 4).isEqualTo(manifest.samplesIn(i));
                byte[] all = new byte[joined.length + pcm.length];
                System.arraycopy(joined, 0, all, 0, joined.length);
                System.arraycopy(pcm, 0, all, joined.length, pcm.length);
                joined = all;
            }
            assertThat(joined.length / 4).isEqualTo(manifest.totalSamples());
        } finally {
            second.close();
        }
    }

    /**
     * Issue 20's drill: the instance comes back under the same instance id while its 120 s lease has most of its time
     * left. It takes its own lease back at once; another instance (another id) leaves the song alone meanwhile.
     */
    @Test
    void aRestartedInstanceTakesBackItsOwnLeaseAtOnceWhileOthersWait() throws Exception {
        UUID artist = UUID.randomUUID();
        Map<String, String> same = Map.of("lalala.instance-id", "track-it-same", "lalala.tracks.lease", "120s",
                "lalala.tracks.stage-delay", "1500ms");
        ConfigurableApplicationContext first = start(same);
        UUID id;
        try {
            JdbcTemplate jdbc = first.getBean(JdbcTemplate.class);
            int port = ((WebServerApplicationContext) first).getWebServer().getPort();
            Path song = TestAudio.generate(TestAudio.Format.MP3, 12, audio);
            Multipart form = new Multipart().field("genre", "ambient")
                    .file("file", "lease.mp3", "audio/mpeg", Files.readAllBytes(song));
            HttpResponse<String> accepted = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://localhost:" + port + "/api/tracks"))
                    .header("Authorization", "Bearer " + TOKENS.tokenFor(artist))
                    .header("Content-Type", form.contentType()).POST(form.publisher()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
            id = UUID.fromString(JsonMapper.builder().build().readTree(accepted.body()).path("id").asString());
            await(() -> "VALIDATING".equals(column(jdbc, id, "processing_stage"))
                    || "SEGMENTING".equals(column(jdbc, id, "processing_stage")));
            assertThat(column(jdbc, id, "lease_owner")).isEqualTo("track-it-same");
        } finally {
            first.close();
        }

        // Another instance polls for a while: the lease is not its to take before it runs out.
        ConfigurableApplicationContext other = start(Map.of("lalala.instance-id", "track-it-other",
                "lalala.tracks.lease", "120s"));
        java.time.Instant leftLeaseUntil;
        try {
            JdbcTemplate jdbc = other.getBean(JdbcTemplate.class);
            leftLeaseUntil = jdbc.queryForObject("SELECT lease_until FROM track WHERE id = ?",
                    java.time.LocalDateTime.class, id.toString()).toInstant(java.time.ZoneOffset.UTC);
            Thread.sleep(2_000);
            assertThat(column(jdbc, id, "lease_owner")).isEqualTo("track-it-same");
            assertThat(column(jdbc, id, "status")).isEqualTo("PROCESSING");
            assertThat(jdbc.queryForObject("SELECT attempts FROM track WHERE id = ?", Integer.class, id.toString()))
                    .isEqualTo(1);
        } finally {
            other.close();
        }

        ConfigurableApplicationContext again = start(Map.of("lalala.instance-id", "track-it-same",
                "lalala.tracks.lease", "120s"));
        try {
            JdbcTemplate jdbc = again.getBean(JdbcTemplate.class);
            // Taken back (a second attempt) while the lease the first instance left behind still ran.
            await(() -> jdbc.queryForObject("SELECT attempts FROM track WHERE id = ?", Integer.class,
                    id.toString()) == 2);
            assertThat(java.time.Instant.now()).isBefore(leftLeaseUntil);
            await(() -> "READY".equals(column(jdbc, id, "status")));
            assertThat(jdbc.queryForObject("SELECT attempts FROM track WHERE id = ?", Integer.class, id.toString()))
                    .isEqualTo(2);
            assertThat(jdbc.queryForObject("SELECT lease_owner IS NULL FROM track WHERE id = ?", Boolean.class,
                    id.toString())).isTrue();
        } finally {
            again.close();
        }
    }

    static ConfigurableApplicationContext start(Map<String, String> extra) {
        Map<String, Object> properties = new HashMap<>(TestInfrastructure
                .require(EnumSet.of(Component.MARIADB, Component.KAFKA), List.of("tracks"))
                .springProperties(EnumSet.of(Component.MARIADB, Component.KAFKA), List.of("tracks")));
        properties.put("server.port", "0");
        properties.put("lalala.security.jwk-set-uri", TOKENS.jwkSetUri());
        properties.put("lalala.blob.filesystem.root", BLOBS.toString());
        properties.put("lalala.tracks.work-dir", BLOBS.resolveSibling(BLOBS.getFileName() + "-work").toString());
        properties.put("lalala.tracks.lease", "3s");
        properties.put("lalala.tracks.poll-interval", "200ms");
        properties.putAll(extra);
        // As command-line arguments: they win over application.yml (builder properties would be mere defaults).
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(TrackServiceApplication.class).run(args);
    }

    static String column(JdbcTemplate jdbc, UUID id, String column) {
        return jdbc.queryForList("SELECT " + column + " FROM track WHERE id = ?", String.class, id.toString())
                .stream().findFirst().orElse(null);
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void await(Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached in 60 s");
            }
            Thread.sleep(100);
        }
    }
}
