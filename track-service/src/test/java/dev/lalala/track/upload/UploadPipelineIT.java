package dev.lalala.track.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.security.CurrentUser;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.Visibility;
import dev.lalala.events.audio.AudioLayout;
import dev.lalala.events.audio.TrackManifest;
import dev.lalala.events.play.PlayEvents;
import dev.lalala.events.play.PlayVerified;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.events.user.UserEvents;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.testsupport.TestTokens;
import dev.lalala.track.pipeline.AudioPipeline;
import dev.lalala.track.support.Multipart;
import dev.lalala.track.support.TestAudio;
import dev.lalala.track.support.TestAudio.Format;
import dev.lalala.track.support.TestAudio.StreamInfo;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.mock.web.MockMultipartFile;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.multipart.MultipartFile;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Uploads over real HTTP into the real pipeline (the static ffmpeg), on a real MariaDB and Kafka, with the blob
 * store in a folder of its own: every input format becomes exact segments; bad files fail with a reason and leave
 * no files; owners alone edit; likes and plays count exactly.
 */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA}, databases = "tracks")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "lalala.tracks.max-upload-size=3MB", "lalala.tracks.max-duration=60s", "lalala.tracks.poll-interval=200ms"})
@DirtiesContext
class UploadPipelineIT {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final TestTokens TOKENS = new TestTokens();
    static final Path BLOBS = Path.of("target", "it-blobs-" + UUID.randomUUID()).toAbsolutePath();

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
    @Autowired KafkaTemplate<String, String> kafka;
    @Autowired Uploads uploads;

    final UUID artist = UUID.randomUUID();

    // ---------------------------------------------------------------- exact segments, every format

    @ParameterizedTest
    @EnumSource(Format.class)
    void everyFormatBecomesExactFlacSegments(Format format) throws Exception {
        // 12 s: two full segments and a partial one.
        Path source = TestAudio.generate(format, 12, audio);
        UUID id = upload(artist, source, "song." + format.extension, "electronic");

        JsonNode track = awaitDone(id, artist);
        assertThat(track.path("status").asString()).as(track.toString()).isEqualTo("READY");

        byte[] expected = TestAudio.decodeLikeThePipeline(source);
        long expectedSamples = expected.length / 4;
        TrackManifest manifest = TrackManifest.fromJson(Files.readAllBytes(blob(AudioLayout.manifestKey(id))));
        assertThat(manifest.trackId()).isEqualTo(id);
        assertThat(manifest.ownerId()).isEqualTo(artist);
        assertThat(manifest.visibility()).isEqualTo(Visibility.PUBLIC);
        assertThat(manifest.sampleRate()).isEqualTo(44_100);
        assertThat(manifest.channels()).isEqualTo(2);
        assertThat(manifest.bitsPerSample()).isEqualTo(16);
        assertThat(manifest.segmentSamples()).isEqualTo(220_500);
        assertThat(manifest.totalSamples()).isEqualTo(expectedSamples);
        assertThat(manifest.segmentCount()).isEqualTo((int) ((expectedSamples + 220_499) / 220_500)).isEqualTo(3);
        assertThat(manifest.waveform()).hasSize(AudioPipeline.WAVEFORM_PEAKS).allMatch(p -> p >= 0 && p <= 1);
        assertThat(manifest.waveform().stream().mapToDouble(Double::doubleValue).max().orElse(0)).isGreaterThan(0.3);

        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        for (int i = 0; i < manifest.segmentCount(); i++) {
            Path segment = blob(AudioLayout.segmentKey(id, i));
            StreamInfo info = StreamInfo.of(segment);
            byte[] pcm = TestAudio.decode(segment);
            assertThat(info.sampleRate()).isEqualTo(44_100);
            assertThat(info.channels()).isEqualTo(2);
            assertThat(info.bitsPerSample()).isEqualTo(16);
            assertThat(info.totalSamples()).as("segment %d sample count", i).isEqualTo(manifest.samplesIn(i));
            assertThat(pcm.length / 4).as("segment %d decodes alone to its samples", i).isEqualTo(manifest.samplesIn(i));
            assertThat(info.md5()).as("segment %d MD5", i).isEqualTo(TestAudio.md5(pcm));
            assertThat(TestAudio.firstFrameNumber(segment)).as("segment %d starts at zero", i).isZero();
            joined.writeBytes(pcm);
        }
        assertThat(Arrays.equals(joined.toByteArray(), expected))
                .as("the segments back to back are the decoded source, sample for sample").isTrue();

        Path whole = blob(AudioLayout.wholeTrackKey(id));
        assertThat(StreamInfo.of(whole).totalSamples()).isEqualTo(expectedSamples);
        assertThat(Arrays.equals(TestAudio.decode(whole), expected)).as("the whole-track FLAC").isTrue();
        assertThat(manifest.wholeTrackBytes()).isEqualTo(Files.size(whole));

        assertThat(track.path("durationMs").asLong()).isEqualTo(expectedSamples * 1000 / 44_100).isBetween(11_900L, 12_100L);
        assertThat(track.path("segmentCount").asInt()).isEqualTo(3);
        assertThat(track.path("sampleRate").asInt()).isEqualTo(44_100);
        assertThat(track.path("waveform").size()).isEqualTo(AudioPipeline.WAVEFORM_PEAKS);
        // Loudness is measured and the gain brings it to -14 LUFS.
        assertThat(track.path("gainDb").asDouble()).isEqualTo(-14 - manifest.loudnessLufs(), org.assertj.core.data.Offset.offset(0.01));
        assertThat(manifest.loudnessLufs()).isBetween(-30.0, -5.0);
        // The original is kept for reprocessing; no scratch files in the store.
        assertThat(Files.exists(blob(AudioLayout.originalKey(id)))).isTrue();
        try (Stream<Path> files = Files.walk(BLOBS.resolve(AudioLayout.trackPrefix(id)))) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
        }
        assertThat(eventTypes(id)).contains("TrackUploaded", "TrackProcessingProgressed", "TrackPublished");
    }

    // ---------------------------------------------------------------- the pipeline's meters

    @Test
    void thePipelineTimesEveryStageAndEachSongToReadyOrFailed() throws Exception {
        long[] stagesBefore = stageCounts();
        long readyBefore = duration("ready").count();
        long failedBefore = duration("failed").count();

        UUID good = upload(artist, TestAudio.generate(Format.WAV, 6, audio), "metered.wav", "electronic");
        Path text = Files.writeString(audio.resolve("metered-notes.mp3"), "Not a song at all.\n".repeat(50));
        UUID bad = upload(artist, text, "metered-notes.mp3", "rock");
        assertThat(awaitDone(good, artist).path("status").asString()).isEqualTo("READY");
        assertThat(awaitDone(bad, artist).path("status").asString()).isEqualTo("FAILED");

        // Every stage a READY song went through was timed once more (other tests' songs may add to it).
        long[] stagesAfter = stageCounts();
        for (int i = 0; i < STAGES.size(); i++) {
            assertThat(stagesAfter[i]).as("stage %s", STAGES.get(i)).isGreaterThan(stagesBefore[i]);
            assertThat(stageTimer(STAGES.get(i)).totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                    .as("stage %s took some time", STAGES.get(i)).isPositive();
        }
        assertThat(duration("ready").count()).isGreaterThan(readyBefore);
        assertThat(duration("failed").count()).isGreaterThan(failedBefore);
        // Nothing left in progress once both are done (and no other test uploads meanwhile).
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                meters.get("lalala.tracks.pipeline.active").gauge().value()).isZero());
    }

    static final List<String> STAGES = List.of("validating", "segmenting", "analyzing", "publishing");

    @Autowired MeterRegistry meters;

    long[] stageCounts() {
        return STAGES.stream().mapToLong(stage -> stageTimer(stage).count()).toArray();
    }

    Timer stageTimer(String stage) {
        return meters.get("lalala.tracks.pipeline.stage").tag("stage", stage).timer();
    }

    Timer duration(String outcome) {
        return meters.get("lalala.tracks.pipeline.duration").tag("outcome", outcome).timer();
    }

    // ---------------------------------------------------------------- bad files

    @Test
    void filesThatAreNotGoodAudioFailWithAReasonAndLeaveNoFiles() throws Exception {
        Path text = Files.writeString(audio.resolve("notes.mp3"), "These are my lyrics, not a song.\n".repeat(50));

        Path mp3 = TestAudio.generate(Format.MP3, 8, audio);
        byte[] full = Files.readAllBytes(mp3);
        Path truncated = Files.write(audio.resolve("truncated.mp3"), Arrays.copyOf(full, full.length / 2));
        // Cut within its first second: the reason says where the audio stops, not "0:00".
        Path cutEarly = Files.write(audio.resolve("cut-early.mp3"), Arrays.copyOf(full, full.length / 20));

        // A real WAV header whose data chunk claims three hours, followed by two seconds of audio.
        byte[] wav = Files.readAllBytes(TestAudio.generate(Format.WAV, 2, audio));
        int data = indexOf(wav, "data".getBytes(StandardCharsets.US_ASCII));
        ByteBuffer.wrap(wav, data + 4, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(44_100 * 4 * 3 * 3600);
        Path hours = Files.write(audio.resolve("hours.wav"), wav);

        Path image = Files.copy(TestAudio.png(audio, 64, 64), audio.resolve("cover-not-song.mp3"));
        Path silent = TestAudio.silence(6, audio);

        record Case(Path file, String reasonPart) {
        }
        List<Case> cases = List.of(
                new Case(text, "not audio"),
                new Case(truncated, "ends early"),
                new Case(cutEarly, "stops after 0:00."),
                new Case(hours, "ends early"),
                new Case(image, "no sound"),
                new Case(silent, "silent"));
        List<UUID> ids = new ArrayList<>();
        for (Case c : cases) {
            ids.add(upload(artist, c.file(), c.file().getFileName().toString(), "rock"));
        }
        for (int i = 0; i < cases.size(); i++) {
            UUID id = ids.get(i);
            JsonNode track = awaitDone(id, artist);
            assertThat(track.path("status").asString()).as(cases.get(i).file().toString()).isEqualTo("FAILED");
            assertThat(track.path("processing").path("failureReason").asString()).as(track.toString())
                    .containsIgnoringCase(cases.get(i).reasonPart());
            assertThat(Files.exists(BLOBS.resolve(AudioLayout.trackPrefix(id))))
                    .as("no files left for %s", cases.get(i).file().getFileName()).isFalse();
            // Others never see a failed song.
            assertThat(get("/api/tracks/" + id, null).statusCode()).isEqualTo(404);
        }
    }

    @Test
    void invalidUploadsAreRefusedAtOnceWithNothingWritten() throws Exception {
        long rowsBefore = rows();
        List<String> foldersBefore = trackFolders();
        Path song = TestAudio.generate(Format.WAV, 1, audio);
        byte[] bytes = Files.readAllBytes(song);

        JsonNode empty = json(post(artist, new Multipart().field("genre", "rock")
                .file("file", "empty.mp3", "audio/mpeg", new byte[0])), 400);
        assertThat(empty.path("type").asString()).isEqualTo("https://lalala.dev/problems/validation");
        assertThat(empty.path("errors").toString()).contains("\"field\":\"file\"", "empty");

        JsonNode missing = json(post(artist, new Multipart().field("title", "No genre, no file")), 400);
        assertThat(missing.path("errors").toString()).contains("\"field\":\"genre\"", "\"field\":\"file\"");

        JsonNode unknownGenre = json(post(artist, new Multipart().field("genre", "polka")
                .file("file", "a.wav", "audio/wav", bytes)), 400);
        assertThat(unknownGenre.path("errors").toString()).contains("\"field\":\"genre\"", "polka");

        JsonNode badVisibility = json(post(artist, new Multipart().field("genre", "rock")
                .field("visibility", "SECRET").file("file", "a.wav", "audio/wav", bytes)), 400);
        assertThat(badVisibility.path("errors").toString()).contains("\"field\":\"visibility\"");

        JsonNode badCover = json(post(artist, new Multipart().field("genre", "rock")
                .file("file", "a.wav", "audio/wav", bytes)
                .file("cover", "cover.jpg", "image/jpeg", "not an image".getBytes())), 400);
        assertThat(badCover.path("errors").toString()).contains("\"field\":\"cover\"");

        assertThat(rows()).isEqualTo(rowsBefore);
        assertThat(trackFolders()).isEqualTo(foldersBefore);
    }

    @Test
    void anUploadOverTheLimitIsRefusedWhileItStreams() throws Exception {
        long rowsBefore = rows();
        List<String> foldersBefore = trackFolders();
        byte[] big = new byte[4 * 1024 * 1024];
        new java.util.Random(1).nextBytes(big);

        HttpResponse<String> response = post(artist, new Multipart().field("genre", "rock")
                .file("file", "big.wav", "audio/wav", big));

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JSON.readTree(response.body()).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/payload-too-large");
        assertThat(rows()).isEqualTo(rowsBefore);
        assertThat(trackFolders()).isEqualTo(foldersBefore);
    }

    @Test
    void aPathTraversalFilenameIsOnlyAHint() throws Exception {
        Path song = TestAudio.generate(Format.WAV, 2, audio);
        long rowsBefore = rows();
        HttpResponse<String> nul = post(artist, new Multipart().field("genre", "folk")
                .file("file", "evil\u0000.wav", "audio/wav", Files.readAllBytes(song)));
        assertThat(problem(nul, 400).path("type").asString()).isEqualTo("https://lalala.dev/problems/invalid-multipart");
        assertThat(rows()).isEqualTo(rowsBefore);

        UUID id = upload(artist, song, "../../../../tmp/evil.wav", "folk");

        JsonNode track = awaitDone(id, artist);
        assertThat(track.path("status").asString()).isEqualTo("READY");
        String stored = jdbc.queryForObject("SELECT original_filename FROM track WHERE id = ?", String.class,
                id.toString());
        assertThat(stored).isEqualTo("evil.wav");
        // The default title comes from the name, cleaned.
        assertThat(track.path("title").asString()).startsWith("evil");
        assertThat(Files.exists(Path.of("/tmp/evil.wav"))).isFalse();
        try (Stream<Path> files = Files.walk(BLOBS)) {
            assertThat(files.filter(p -> p.getFileName().toString().contains("evil")).toList()).isEmpty();
        }
    }

    @Test
    void onlyVerifiedUsersUpload() throws Exception {
        Path song = TestAudio.generate(Format.WAV, 1, audio);
        Multipart form = new Multipart().field("genre", "rock")
                .file("file", "a.wav", "audio/wav", Files.readAllBytes(song));
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri("/api/tracks"))
                .header("Authorization", "Bearer " + TOKENS.unverifiedTokenFor(artist))
                .header("Content-Type", form.contentType()).POST(form.publisher()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(JSON.readTree(response.body()).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/email-not-verified");

        HttpResponse<String> anonymous = HTTP.send(HttpRequest.newBuilder(uri("/api/tracks"))
                .header("Content-Type", form.contentType()).POST(form.publisher()).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    // ---------------------------------------------------------------- what the upload is made of

    @Autowired AudioPipeline pipeline;

    @Test
    void aVideoIsRefusedAtOnceButCoverArtInsideAudioIsFine() throws Exception {
        long rowsBefore = rows();
        List<String> foldersBefore = trackFolders();
        Path video = audio.resolve("clip.mp4");
        dev.lalala.testsupport.TestFfmpeg.run(audio, "-f", "lavfi", "-i", "testsrc=size=160x120:rate=10:duration=3",
                "-f", "lavfi", "-i", "sine=frequency=440:sample_rate=44100:duration=3", "-c:v", "libx264",
                "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest", video.toString());

        JsonNode refused = problem(post(artist, new Multipart().field("genre", "rock")
                .file("file", "clip.mp4", "video/mp4", Files.readAllBytes(video))), 400);
        assertThat(refused.path("type").asString()).isEqualTo("https://lalala.dev/problems/video-not-accepted");
        assertThat(refused.path("detail").asString()).contains("video", "upload the audio");
        assertThat(refused.path("errors").toString()).contains("\"field\":\"file\"");
        assertThat(rows()).isEqualTo(rowsBefore);
        assertThat(trackFolders()).isEqualTo(foldersBefore);

        // The pipeline says the same if a video ever reaches it (an upload from before this check).
        assertThatThrownBy(() -> pipeline.process(video, audio.resolve("work-video"), (stage, percent) -> { }))
                .isInstanceOf(dev.lalala.track.pipeline.AudioRejectedException.class)
                .hasMessageContaining("upload the audio");

        // An M4A with its cover inside (an MJPEG "attached pic" stream) is audio, and its art becomes the cover.
        Path m4a = audio.resolve("with-art.m4a");
        dev.lalala.testsupport.TestFfmpeg.run(audio, "-f", "lavfi", "-i",
                "sine=frequency=330:sample_rate=44100:duration=3", "-i", TestAudio.png(audio, 300, 300).toString(),
                "-map", "0:a", "-map", "1:v", "-ac", "2", "-c:a", "aac", "-c:v", "mjpeg", "-disposition:v",
                "attached_pic", m4a.toString());
        UUID id = upload(artist, m4a, "with-art.m4a", "pop");
        JsonNode track = awaitDone(id, artist);
        assertThat(track.path("status").asString()).as(track.toString()).isEqualTo("READY");
        assertThat(track.path("coverUrl").asString()).isEqualTo("/api/tracks/" + id + "/cover/300.jpg");
    }

    @Test
    void aSecondFileOrARepeatedFieldIsRefusedNotDropped() throws Exception {
        long rowsBefore = rows();
        List<String> foldersBefore = trackFolders();
        byte[] one = Files.readAllBytes(TestAudio.generate(Format.WAV, 1, audio));
        byte[] two = Files.readAllBytes(TestAudio.generate(Format.MP3, 1, audio));

        JsonNode twoFiles = problem(post(artist, new Multipart().field("genre", "rock")
                .file("file", "one.wav", "audio/wav", one).file("file", "two.mp3", "audio/mpeg", two)), 400);
        assertThat(twoFiles.path("type").asString()).isEqualTo("https://lalala.dev/problems/validation");
        assertThat(twoFiles.path("errors").toString()).contains("\"field\":\"file\"", "2 times");

        byte[] png = Files.readAllBytes(TestAudio.png(audio, 64, 64));
        JsonNode twoCovers = problem(post(artist, new Multipart().field("genre", "rock")
                .file("file", "one.wav", "audio/wav", one).file("cover", "a.png", "image/png", png)
                .file("cover", "b.png", "image/png", png)), 400);
        assertThat(twoCovers.path("errors").toString()).contains("\"field\":\"cover\"");

        JsonNode otherPart = problem(post(artist, new Multipart().field("genre", "rock")
                .file("file", "one.wav", "audio/wav", one).file("file2", "two.mp3", "audio/mpeg", two)), 400);
        assertThat(otherPart.path("errors").toString()).contains("\"field\":\"file2\"");

        JsonNode twoTitles = problem(post(artist, new Multipart().field("genre", "rock").field("title", "A")
                .field("title", "B").file("file", "one.wav", "audio/wav", one)), 400);
        assertThat(twoTitles.path("errors").toString()).contains("\"field\":\"title\"");

        assertThat(rows()).isEqualTo(rowsBefore);
        assertThat(trackFolders()).isEqualTo(foldersBefore);
    }

    @Test
    void controlCharactersInTextFieldsAreRefusedOnUploadAndEdit() throws Exception {
        long rowsBefore = rows();
        byte[] wav = Files.readAllBytes(TestAudio.generate(Format.WAV, 1, audio));
        for (String title : List.of("Bell\u0007", "Esc\u001B[2J", "Two\nlines", "C1\u0085")) {
            JsonNode refused = problem(post(artist, new Multipart().field("genre", "rock").field("title", title + " x")
                    .file("file", "a.wav", "audio/wav", wav)), 400);
            assertThat(refused.path("errors").toString()).as(title).contains("\"field\":\"title\"", "control");
        }
        JsonNode badTag = problem(post(artist, new Multipart().field("genre", "rock").field("tags", "ok,bad\u0001tag")
                .file("file", "a.wav", "audio/wav", wav)), 400);
        assertThat(badTag.path("errors").toString()).contains("\"field\":\"tags\"");
        JsonNode badDescription = problem(post(artist, new Multipart().field("genre", "rock")
                .field("description", "Back\bspace").file("file", "a.wav", "audio/wav", wav)), 400);
        assertThat(badDescription.path("errors").toString()).contains("\"field\":\"description\"");
        assertThat(rows()).isEqualTo(rowsBefore);

        // Line breaks and tabs belong in a description.
        HttpResponse<String> fine = post(artist, new Multipart().field("genre", "rock").field("title", "Fine")
                .field("description", "Verse one\n\tVerse two").file("file", "a.wav", "audio/wav", wav));
        UUID id = UUID.fromString(json(fine, 202).path("id").asString());
        assertThat(json(get("/api/tracks/" + id, artist), 200).path("description").asString())
                .isEqualTo("Verse one\n\tVerse two");

        assertThat(problem(patch(artist, id, "{\"title\":\"New\\u0007title\"}"), 400).path("errors").toString())
                .contains("\"field\":\"title\"");
        assertThat(problem(patch(artist, id, "{\"tags\":[\"a\\u009bb\"]}"), 400).path("errors").toString())
                .contains("\"field\":\"tags\"");
        assertThat(json(get("/api/tracks/" + id, artist), 200).path("title").asString()).isEqualTo("Fine");
    }

    @Test
    void aHashInATitleStaysAHash() throws Exception {
        byte[] wav = Files.readAllBytes(TestAudio.generate(Format.WAV, 1, audio));

        JsonNode given = json(post(artist, new Multipart().field("genre", "rock").field("title", "Track #1")
                .file("file", "a.wav", "audio/wav", wav)), 202);
        assertThat(given.path("title").asString()).isEqualTo("Track #1");

        // No title: the default comes from the file's name, "#" and all.
        JsonNode fromName = json(post(artist, new Multipart().field("genre", "rock")
                .file("file", "Track #2 (demo).wav", "audio/wav", wav)), 202);
        UUID id = UUID.fromString(fromName.path("id").asString());
        assertThat(fromName.path("title").asString()).isEqualTo("Track #2 (demo)");
        JsonNode ready = awaitDone(id, artist);
        assertThat(ready.path("status").asString()).isEqualTo("READY");
        assertThat(ready.path("title").asString()).isEqualTo("Track #2 (demo)");

        assertThat(json(patch(artist, id, "{\"title\":\"Track #3\"}"), 200).path("title").asString())
                .isEqualTo("Track #3");
        assertThat(json(get("/api/tracks/" + id, null), 200).path("title").asString()).isEqualTo("Track #3");
    }

    // ---------------------------------------------------------------- metadata, cover, progress

    @Test
    void metadataCoverAndLiveProgress() throws Exception {
        Path song = TestAudio.generate(Format.FLAC, 3, audio);
        Multipart form = new Multipart().field("title", "Han River at 2 AM").field("genre", "k-pop")
                .field("tags", "city pop, night").field("tags", "seoul").field("tags", "Night")
                .field("description", "Recorded on a balcony.").field("visibility", "UNLISTED")
                .file("file", "han.flac", "audio/flac", Files.readAllBytes(song))
                .file("cover", "cover.png", "image/png", Files.readAllBytes(TestAudio.png(audio, 640, 480)));
        HttpResponse<String> accepted = post(artist, form);
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        JsonNode body = JSON.readTree(accepted.body());
        UUID id = UUID.fromString(body.path("id").asString());
        assertThat(body.path("status").asString()).isEqualTo("PROCESSING");
        assertThat(accepted.headers().firstValue("Location")).hasValue("/api/tracks/" + id);

        // Server-sent events until READY.
        HttpResponse<String> events = HTTP.send(HttpRequest.newBuilder(uri("/api/tracks/" + id + "/progress"))
                .header("Authorization", "Bearer " + TOKENS.tokenFor(artist)).header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(events.statusCode()).isEqualTo(200);
        List<JsonNode> progress = events.body().lines().filter(l -> l.startsWith("data:"))
                .map(l -> JSON.readTree(l.substring(5))).toList();
        assertThat(progress).isNotEmpty();
        assertThat(progress.getLast().path("status").asString()).isEqualTo("READY");
        assertThat(progress.getLast().path("percent").asInt()).isEqualTo(100);
        assertThat(events.body()).contains("event:progress");

        // Only the owner follows the progress, even of a song anyone may listen to once READY.
        HttpResponse<String> stranger = HTTP.send(HttpRequest.newBuilder(uri("/api/tracks/" + id + "/progress"))
                .header("Authorization", "Bearer " + TOKENS.tokenFor(UUID.randomUUID()))
                .header("Accept", "text/event-stream").timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stranger.statusCode()).as(stranger.body()).isEqualTo(404);
        assertThat(stranger.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));

        JsonNode track = json(get("/api/tracks/" + id, null), 200);
        assertThat(track.path("title").asString()).isEqualTo("Han River at 2 AM");
        assertThat(track.path("genre").asString()).isEqualTo("k-pop");
        assertThat(track.path("tags").toString()).isEqualTo("[\"city pop\",\"night\",\"seoul\"]");
        assertThat(track.path("visibility").asString()).isEqualTo("UNLISTED");
        assertThat(track.path("waveform").size()).isEqualTo(400);
        assertThat(track.path("coverUrl").asString()).isEqualTo("/api/tracks/" + id + "/cover/300.jpg");

        HttpResponse<byte[]> cover = HTTP.send(HttpRequest.newBuilder(uri("/api/tracks/" + id + "/cover/1200.jpg"))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(cover.statusCode()).isEqualTo(200);
        var image = ImageIO.read(new ByteArrayInputStream(cover.body()));
        assertThat(image.getWidth()).isEqualTo(1200);
        assertThat(image.getHeight()).isEqualTo(1200);
    }

    @Test
    void theFilesOwnTagsGiveTheDefaultTitleAndCover() throws Exception {
        Path mp3 = TestAudio.taggedMp3(3, "Title From The Tag", TestAudio.png(audio, 500, 500), audio);
        UUID id = upload(artist, mp3, "whatever.mp3", "indie");

        JsonNode track = awaitDone(id, artist);
        assertThat(track.path("status").asString()).as(track.toString()).isEqualTo("READY");
        assertThat(track.path("title").asString()).isEqualTo("Title From The Tag");
        assertThat(track.path("coverUrl").asString()).isEqualTo("/api/tracks/" + id + "/cover/300.jpg");
        var cover = ImageIO.read(blob(AudioLayout.coverKey(id, 300)).toFile());
        assertThat(cover.getWidth()).isEqualTo(300);
        assertThat(centre(blob(AudioLayout.coverKey(id, 300)))).as("the album art").isEqualTo("blue");
        // The album art is no audio: the segments are still exact.
        TrackManifest manifest = TrackManifest.fromJson(Files.readAllBytes(blob(AudioLayout.manifestKey(id))));
        assertThat(manifest.totalSamples()).isEqualTo(TestAudio.decodeLikeThePipeline(mp3).length / 4);
    }

    // ---------------------------------------------------------------- ownership

    @Test
    void onlyTheOwnerEditsOrDeletes() throws Exception {
        UUID id = upload(artist, TestAudio.generate(Format.WAV, 2, audio), "mine.wav", "jazz");
        assertThat(awaitDone(id, artist).path("status").asString()).isEqualTo("READY");
        UUID stranger = UUID.randomUUID();

        assertThat(problem(patch(stranger, id, "{\"title\":\"Stolen\"}"), 403).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/forbidden");
        assertThat(delete(stranger, id).statusCode()).isEqualTo(403);
        assertThat(json(get("/api/tracks/" + id, null), 200).path("title").asString()).isEqualTo("mine");

        JsonNode edited = json(patch(artist, id,
                "{\"title\":\"Mine, renamed\",\"tags\":[\"late\",\"night\"],\"visibility\":\"PRIVATE\"}"), 200);
        assertThat(edited.path("title").asString()).isEqualTo("Mine, renamed");
        assertThat(edited.path("genre").asString()).isEqualTo("jazz");
        assertThat(edited.path("tags").toString()).isEqualTo("[\"late\",\"night\"]");
        // streaming-service learns the new visibility from the manifest.
        assertThat(TrackManifest.fromJson(Files.readAllBytes(blob(AudioLayout.manifestKey(id)))).visibility())
                .isEqualTo(Visibility.PRIVATE);
        // Private now: a stranger cannot even see it.
        assertThat(get("/api/tracks/" + id, stranger).statusCode()).isEqualTo(404);
        assertThat(problem(patch(artist, id, "{\"genre\":\"polka\"}"), 400).path("errors").toString())
                .contains("genre");

        assertThat(delete(artist, id).statusCode()).isEqualTo(204);
        assertThat(get("/api/tracks/" + id, artist).statusCode()).isEqualTo(404);
        assertThat(Files.exists(BLOBS.resolve(AudioLayout.trackPrefix(id)))).isFalse();
        assertThat(eventTypes(id)).contains("TrackUpdated", "TrackDeleted");
    }

    @Test
    void aCoverReplacedWhileTheSongIsDeletedLeavesNoFilesBehind() throws Exception {
        UUID id = readyTrack();
        byte[] red = Files.readAllBytes(TestAudio.png(audio, 400, 400, "red"));
        JsonNode replaced = json(putCover(id, HttpRequest.BodyPublishers.ofByteArray(red)), 200);
        assertThat(replaced.path("coverUrl").asString()).isEqualTo("/api/tracks/" + id + "/cover/300.jpg");
        assertThat(centre(blob(AudioLayout.coverKey(id, 1200)))).isEqualTo("red");

        // The next one passes the ownership check (its headers are in), then its body is slow to come; meanwhile
        // the song is deleted (rows, then its folder). The cover's files must not be written after that.
        try (Socket late = new Socket("localhost", port)) {
            late.setSoTimeout(30_000);
            OutputStream out = late.getOutputStream();
            out.write(("PUT /api/tracks/" + id + "/cover HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer "
                    + TOKENS.tokenFor(artist) + "\r\nContent-Type: image/png\r\nContent-Length: " + red.length
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Thread.sleep(1_000);
            assertThat(delete(artist, id).statusCode()).isEqualTo(204);
            out.write(red);
            out.flush();
            String status = new String(late.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
            assertThat(status).isEqualTo("HTTP/1.1 404");
        }
        assertThat(Files.exists(BLOBS.resolve(AudioLayout.trackPrefix(id)))).isFalse();
    }

    @Test
    void theSpooledFileIsMovedIntoTheStoreAndTheLimitStillHolds() throws Exception {
        byte[] wav = Files.readAllBytes(TestAudio.generate(Format.WAV, 1, audio));
        CurrentUser user = new CurrentUser(artist, true);
        Uploads.Form form = new Uploads.Form(null, "rock", null, null, null);

        UUID id = uploads.upload(user, spooled(wav, wav.length), form, null).id();
        assertThat(Files.readAllBytes(blob(AudioLayout.originalKey(id)))).isEqualTo(wav);
        assertThat(awaitDone(id, artist).path("status").asString()).isEqualTo("READY");

        // A part larger than the limit (whatever size it claims) is refused before anything is recorded.
        long rowsBefore = rows();
        List<String> foldersBefore = trackFolders();
        byte[] big = new byte[4 * 1024 * 1024];
        assertThatThrownBy(() -> uploads.upload(user, spooled(big, 1_000), form, null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(413));
        assertThat(rows()).isEqualTo(rowsBefore);
        assertThat(trackFolders()).isEqualTo(foldersBefore);
    }

    /** A part as Tomcat hands it over, spooled to disk: the upload must move it (transferTo), not read it again. */
    static MultipartFile spooled(byte[] content, long declaredSize) {
        return new MockMultipartFile("file", "spooled.wav", "audio/wav", content) {
            @Override
            public InputStream getInputStream() {
                throw new AssertionError("the spooled part was copied through a stream instead of moved");
            }

            @Override
            public long getSize() {
                return declaredSize;
            }
        };
    }

    HttpResponse<String> putCover(UUID id, HttpRequest.BodyPublisher body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri("/api/tracks/" + id + "/cover"))
                .header("Authorization", "Bearer " + TOKENS.tokenFor(artist)).header("Content-Type", "image/png")
                .PUT(body).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The colour in the middle of a cover: "red", "blue" or what else it is. */
    static String centre(Path jpeg) throws Exception {
        var image = ImageIO.read(jpeg.toFile());
        java.awt.Color c = new java.awt.Color(image.getRGB(image.getWidth() / 2, image.getHeight() / 2));
        if (c.getRed() > 200 && c.getGreen() < 60 && c.getBlue() < 60) {
            return "red";
        }
        if (c.getBlue() > 200 && c.getRed() < 60 && c.getGreen() < 60) {
            return "blue";
        }
        return c.toString();
    }

    // ---------------------------------------------------------------- likes and plays

    @Test
    void likesAreIdempotentAndListed() throws Exception {
        UUID id = readyTrack();
        UUID fan = UUID.randomUUID();

        assertThat(json(send("PUT", "/api/tracks/" + id + "/like", fan), 200).path("likeCount").asLong()).isEqualTo(1);
        assertThat(json(send("PUT", "/api/tracks/" + id + "/like", fan), 200).path("likeCount").asLong()).isEqualTo(1);
        assertThat(json(get("/api/tracks/" + id, null), 200).path("likeCount").asLong()).isEqualTo(1);
        JsonNode liked = json(get("/api/tracks/liked", fan), 200);
        assertThat(liked.path("items").size()).isEqualTo(1);
        assertThat(liked.path("items").get(0).path("id").asString()).isEqualTo(id.toString());

        assertThat(json(send("DELETE", "/api/tracks/" + id + "/like", fan), 200).path("likeCount").asLong()).isZero();
        assertThat(json(send("DELETE", "/api/tracks/" + id + "/like", fan), 200).path("likeCount").asLong()).isZero();
        assertThat(json(get("/api/tracks/liked", fan), 200).path("items").size()).isZero();
        assertThat(eventTypes(id).stream().filter(t -> t.equals("TrackLiked")).count()).isEqualTo(1);
        assertThat(eventTypes(id).stream().filter(t -> t.equals("TrackUnliked")).count()).isEqualTo(1);
        assertThat(send("PUT", "/api/tracks/" + UUID.randomUUID() + "/like", fan).statusCode()).isEqualTo(404);
    }

    @Test
    void verifiedPlaysCountOnceUnderRedelivery() throws Exception {
        UUID id = readyTrack();
        PlayVerified play = new PlayVerified(UUID.randomUUID(), id, UUID.randomUUID(), 31_000,
                Instant.now().minusSeconds(40), Instant.now());
        EventEnvelope<PlayVerified> event = EventEnvelope.of(PlayEvents.PLAY_VERIFIED, play);
        send(event);
        send(event);
        // The same listen again under a new event id (a producer retry upstream): still one play.
        send(EventEnvelope.of(PlayEvents.PLAY_VERIFIED, play));
        PlayVerified another = new PlayVerified(UUID.randomUUID(), id, UUID.randomUUID(), 45_000,
                Instant.now().minusSeconds(60), Instant.now());
        send(EventEnvelope.of(PlayEvents.PLAY_VERIFIED, another));

        await(() -> json(get("/api/tracks/" + id, null), 200).path("playCount").asLong() == 2);
        Thread.sleep(1_000);
        assertThat(json(get("/api/tracks/" + id, null), 200).path("playCount").asLong()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT SUM(plays) FROM track_play_hourly WHERE track_id = ?", Long.class,
                id.toString())).isEqualTo(2);
    }

    @Test
    void aDeletedUsersSongsAndLikesGo() throws Exception {
        UUID leaving = UUID.randomUUID();
        UUID theirs = upload(leaving, TestAudio.generate(Format.WAV, 1.5, audio), "bye.wav", "pop");
        assertThat(awaitDone(theirs, leaving).path("status").asString()).isEqualTo("READY");
        UUID other = readyTrack();
        send("PUT", "/api/tracks/" + other + "/like", leaving);
        assertThat(json(get("/api/tracks/" + other, null), 200).path("likeCount").asLong()).isEqualTo(1);

        send(EventEnvelope.of(UserEvents.USER_DELETED, new UserDeleted(leaving, Instant.now())));

        await(() -> get("/api/tracks/" + theirs, null).statusCode() == 404);
        await(() -> json(get("/api/tracks/" + other, null), 200).path("likeCount").asLong() == 0);
        // The account's still unexpired token is refused from now on (service-defaults' revocation list).
        HttpResponse<String> revoked = get("/api/tracks/" + theirs, leaving);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(401);
        assertThat(JSON.readTree(revoked.body()).path("type").asString())
                .isEqualTo("https://lalala.dev/problems/account-revoked");
        assertThat(Files.exists(BLOBS.resolve(AudioLayout.trackPrefix(theirs)))).isFalse();
        assertThat(eventTypes(theirs)).contains("TrackDeleted");
    }

    // ---------------------------------------------------------------- helpers

    private UUID readyTrack() throws Exception {
        UUID id = upload(artist, TestAudio.generate(Format.WAV, 1, audio), "short.wav", "pop");
        assertThat(awaitDone(id, artist).path("status").asString()).isEqualTo("READY");
        return id;
    }

    UUID upload(UUID owner, Path file, String filename, String genre) throws Exception {
        HttpResponse<String> response = post(owner, new Multipart().field("genre", genre)
                .file("file", filename, "application/octet-stream", Files.readAllBytes(file)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return UUID.fromString(JSON.readTree(response.body()).path("id").asString());
    }

    JsonNode awaitDone(UUID id, UUID owner) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            JsonNode track = json(get("/api/tracks/" + id, owner), 200);
            if (!track.path("status").asString().equals("PROCESSING") || System.nanoTime() > deadline) {
                return track;
            }
            Thread.sleep(200);
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void await(Check check) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!check.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not reached in 30 s");
            }
            Thread.sleep(200);
        }
    }

    void send(EventEnvelope<?> event) throws Exception {
        kafka.send(event.topic(), event.key(), EventJson.write(event)).get();
    }

    Path blob(String key) {
        return BLOBS.resolve(key);
    }

    long rows() {
        return jdbc.queryForObject("SELECT COUNT(*) FROM track", Long.class);
    }

    List<String> trackFolders() throws Exception {
        Path tracks = BLOBS.resolve("tracks");
        if (!Files.exists(tracks)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(tracks)) {
            return list.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    List<String> eventTypes(UUID trackId) {
        return jdbc.queryForList("SELECT event_type FROM outbox_event WHERE event_key = ? ORDER BY seq", String.class,
                trackId.toString());
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    URI uri(String path) {
        return URI.create("http://localhost:" + port + path);
    }

    HttpResponse<String> post(UUID user, Multipart form) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri("/api/tracks"))
                .header("Authorization", "Bearer " + TOKENS.tokenFor(user))
                .header("Content-Type", form.contentType()).POST(form.publisher()).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> get(String path, UUID user) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (user != null) {
            request.header("Authorization", "Bearer " + TOKENS.tokenFor(user));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> patch(UUID user, UUID id, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri("/api/tracks/" + id))
                .header("Authorization", "Bearer " + TOKENS.tokenFor(user)).header("Content-Type", "application/json")
                .method("PATCH", HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(UUID user, UUID id) throws Exception {
        return send("DELETE", "/api/tracks/" + id, user);
    }

    HttpResponse<String> send(String method, String path, UUID user) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + TOKENS.tokenFor(user))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response, int status) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }

    static JsonNode problem(HttpResponse<String> response, int status) {
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        return json(response, status);
    }
}
