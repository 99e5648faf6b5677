package dev.lalala.track.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.events.audio.AudioLayout;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.testsupport.TestTokens;
import dev.lalala.track.support.Multipart;
import dev.lalala.track.support.TestAudio;
import java.awt.Color;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The owner replaces the cover while the song is still being processed (slow stages make sure of it): the file's
 * album art, which the pipeline would use for a song without a cover, must not overwrite it at publication.
 */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA}, databases = "tracks")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lalala.tracks.stage-delay=1s", "lalala.tracks.poll-interval=200ms"})
@DirtiesContext
class CoverDuringProcessingIT {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final TestTokens TOKENS = new TestTokens();
    static final Path BLOBS = Path.of("target", "it-blobs-cover-" + UUID.randomUUID()).toAbsolutePath();

    @TempDir static Path audio;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("lalala.security.jwk-set-uri", TOKENS::jwkSetUri);
        registry.add("lalala.blob.filesystem.root", BLOBS::toString);
        registry.add("lalala.tracks.work-dir", () -> BLOBS.resolveSibling(BLOBS.getFileName() + "-work").toString());
    }

    @AfterAll
    static void stopTokens() {
        TOKENS.close();
    }

    @LocalServerPort int port;
    @Autowired JdbcTemplate jdbc;

    @Test
    void theOwnersCoverUploadedDuringProcessingWinsOverTheFilesAlbumArt() throws Exception {
        UUID artist = UUID.randomUUID();
        Path mp3 = TestAudio.taggedMp3(3, "Tagged", TestAudio.png(audio, 500, 500, "blue"), audio);
        Multipart form = new Multipart().field("genre", "indie")
                .file("file", "tagged.mp3", "audio/mpeg", Files.readAllBytes(mp3));
        HttpResponse<String> accepted = HTTP.send(request(artist, "/api/tracks")
                .header("Content-Type", form.contentType()).POST(form.publisher()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        UUID id = UUID.fromString(JsonMapper.builder().build().readTree(accepted.body()).path("id").asString());

        // The worker has read the song (no cover then) and is in its first stage.
        await(() -> "VALIDATING".equals(column(id, "processing_stage")));
        HttpResponse<String> cover = HTTP.send(request(artist, "/api/tracks/" + id + "/cover")
                .header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofFile(TestAudio.png(audio, 640, 480, "red"))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(cover.statusCode()).as(cover.body()).isEqualTo(200);
        assertThat(column(id, "status")).as("still processing when the cover came").isEqualTo("PROCESSING");

        await(() -> "READY".equals(column(id, "status")));
        assertThat(column(id, "title")).as("the tags still give the title").isEqualTo("Tagged");
        for (int size : new int[] {300, 1200}) {
            HttpResponse<byte[]> image = HTTP.send(request(artist, "/api/tracks/" + id + "/cover/" + size + ".jpg")
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(image.statusCode()).isEqualTo(200);
            var picture = ImageIO.read(new java.io.ByteArrayInputStream(image.body()));
            Color centre = new Color(picture.getRGB(picture.getWidth() / 2, picture.getHeight() / 2));
            assertThat(centre.getRed()).as("the owner's red cover at %d px, not the blue album art", size)
                    .isGreaterThan(200);
            assertThat(centre.getBlue()).isLessThan(60);
        }
        assertThat(Files.exists(BLOBS.resolve(AudioLayout.manifestKey(id)))).isTrue();
    }

    HttpRequest.Builder request(UUID user, String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Authorization", "Bearer " + TOKENS.tokenFor(user));
    }

    String column(UUID id, String column) {
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
            Thread.sleep(50);
        }
    }
}
