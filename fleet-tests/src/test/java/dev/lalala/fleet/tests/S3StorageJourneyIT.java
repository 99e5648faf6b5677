package dev.lalala.fleet.tests;

import static dev.lalala.fleet.tests.Gateway.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.fleet.BlobStorage;
import dev.lalala.fleet.Fleet;
import dev.lalala.infra.Component;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * The fleet on S3 storage (S3Mock), as {@code ./lalala up --blob s3} runs it: an artist uploads a song, track-service
 * keeps the original and writes the segments to the bucket, streaming-service plays them from there over the
 * WebSocket and plain HTTP (with Range), user-service keeps an avatar there, and deleting the song empties its
 * folder in the bucket. Nothing lands in the local blob folder.
 * <p>
 * Runs in its own failsafe execution with {@code -Dlalala.blob.store=s3} (see this module's pom), so its JVM's fleet
 * is an S3 fleet; every other journey runs on the filesystem store.
 */
@ExtendWith(RunningFleet.class)
class S3StorageJourneyIT {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern KEY = Pattern.compile("<Key>([^<]+)</Key>");

    static Fleet fleet;
    static Gateway gateway;

    @BeforeAll
    static void connect(Fleet running) {
        fleet = running;
        gateway = new Gateway(running.gatewayUrl());
    }

    @Test
    void aSongUploadedAndStreamedWithS3Storage() throws Exception {
        assertThat(fleet.settings().blobStorage()).isEqualTo(BlobStorage.S3);
        assertThat(fleet.infrastructure().isRunning(Component.S3MOCK)).isTrue();
        Accounts.SignedIn artist = Accounts.signUpVerified(fleet, gateway, "Sia Bucket");
        Accounts.SignedIn listener = Accounts.signUpVerified(fleet, gateway, "Leo Listens");

        byte[] song = Tracks.wav(12);
        UUID trackId = UUID.fromString(json(Tracks.upload(gateway, artist.bearer(), song,
                Map.of("title", "Song in a Bucket", "genre", "electronic", "visibility", "PUBLIC")), 202)
                .path("id").asString());
        JsonNode track = Tracks.awaitReady(gateway, trackId, artist, Duration.ofMinutes(3));
        int segmentCount = track.path("segmentCount").asInt();
        assertThat(segmentCount).isEqualTo(3);

        // The files are objects in the bucket, not files in the local blob folder.
        String prefix = "tracks/" + trackId + "/";
        assertThat(bucketKeys(prefix)).contains(prefix + "original", prefix + "manifest.json", prefix + "track.flac")
                .filteredOn(key -> key.startsWith(prefix + "segments/")).hasSize(segmentCount);
        assertThat(fleet.settings().blobRoot().resolve("tracks").resolve(trackId.toString())).doesNotExist();

        // The listener plays it over the socket, from S3, and the samples are the uploaded ones.
        StreamingJourneyIT.Frames frames = new StreamingJourneyIT.Frames();
        WebSocket socket = HTTP.newWebSocketBuilder()
                .subprotocols("lalala.stream.v1", "bearer." + listener.accessToken())
                .buildAsync(URI.create(gateway.base().replaceFirst("^http", "ws") + "/api/stream/ws"), frames)
                .get(20, TimeUnit.SECONDS);
        byte[][] received = new byte[segmentCount][];
        try {
            assertThat(frames.text().path("type").asString()).isEqualTo("hello");
            socket.sendText("{\"type\":\"play\",\"trackId\":\"" + trackId + "\",\"fromSegment\":0}", true).join();
            assertThat(frames.text().path("segmentCount").asInt()).isEqualTo(segmentCount);
            socket.sendText("{\"type\":\"credit\",\"n\":" + segmentCount + "}", true).join();
            for (int i = 0; i < segmentCount; i++) {
                received[i] = frames.segment(trackId, i);
            }
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").join();
        }
        assertThat(StreamingJourneyIT.decodedBackToBack(received)).isEqualTo(Tracks.pcm(song));

        // Plain HTTP: the segments, the whole track, a Range of it and a range past its end.
        ByteArrayOutputStream segments = new ByteArrayOutputStream();
        for (int i = 0; i < segmentCount; i++) {
            HttpResponse<byte[]> segment = bytes("/api/stream/tracks/" + trackId + "/segments/" + i);
            assertThat(segment.statusCode()).isEqualTo(200);
            assertThat(segment.body()).isEqualTo(received[i]);
            segments.writeBytes(segment.body());
        }
        HttpResponse<byte[]> whole = bytes("/api/stream/tracks/" + trackId + "/track.flac");
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(new String(whole.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("fLaC");
        assertThat(whole.headers().firstValue("Accept-Ranges")).contains("bytes");
        assertThat(whole.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("audio/flac"));
        int length = whole.body().length;
        HttpResponse<byte[]> range = bytes("/api/stream/tracks/" + trackId + "/track.flac", "Range", "bytes=100-4195");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.headers().firstValue("Content-Range")).contains("bytes 100-4195/" + length);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(whole.body(), 100, 4196));
        HttpResponse<byte[]> tail = bytes("/api/stream/tracks/" + trackId + "/track.flac", "Range", "bytes=-10");
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(whole.body(), length - 10, length));
        HttpResponse<byte[]> beyond = bytes("/api/stream/tracks/" + trackId + "/track.flac", "Range",
                "bytes=" + (length + 10) + "-");
        assertThat(beyond.statusCode()).isEqualTo(416);
        assertThat(beyond.headers().firstValue("Content-Range")).contains("bytes */" + length);

        // user-service keeps avatars in the same bucket.
        HttpResponse<String> avatar = gateway.send(HttpRequest.newBuilder(URI.create(gateway.base() + "/api/users/me/avatar"))
                .timeout(Duration.ofSeconds(30)).header("Authorization", listener.bearer())
                .header("Content-Type", "image/png").PUT(HttpRequest.BodyPublishers.ofByteArray(AccountsJourneyIT.png(200, 200)))
                .build());
        json(avatar, 200);
        assertThat(bucketKeys("users/" + listener.userId() + "/avatar/")).isNotEmpty();
        HttpResponse<byte[]> image = bytes("/api/users/" + listener.userId() + "/avatar?size=64");
        assertThat(image.statusCode()).isEqualTo(200);
        assertThat(ImageIO.read(new java.io.ByteArrayInputStream(image.body())).getWidth()).isEqualTo(64);

        // Deleting the song empties its folder in the bucket.
        assertThat(gateway.send(HttpRequest.newBuilder(URI.create(gateway.base() + "/api/tracks/" + trackId))
                .timeout(Duration.ofSeconds(30)).header("Authorization", artist.bearer()).DELETE().build())
                .statusCode()).isEqualTo(204);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!bucketKeys(prefix).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(250);
        }
        assertThat(bucketKeys(prefix)).isEmpty();
        assertThat(Files.exists(fleet.settings().blobRoot().resolve("users"))).isFalse();
    }

    /** The keys under a prefix, straight from S3Mock's ListObjectsV2 (it checks no signature). */
    static java.util.List<String> bucketKeys(String prefix) throws Exception {
        String url = fleet.infrastructure().s3Endpoint() + "/lalala?list-type=2&prefix="
                + java.net.URLEncoder.encode(prefix, StandardCharsets.UTF_8);
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        java.util.List<String> keys = new java.util.ArrayList<>();
        Matcher m = KEY.matcher(response.body());
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    static HttpResponse<byte[]> bytes(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.base() + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
