package dev.lalala.fleet.tests;

import static dev.lalala.fleet.tests.Gateway.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.fleet.Fleet;
import dev.lalala.testsupport.TestFfmpeg;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Streaming, end to end through the gateway of a real fleet: user A uploads a song (track-service makes its FLAC
 * segments), user B plays it over the WebSocket protocol (token as a subprotocol, credit, binary segment frames) and
 * over plain HTTP (segments, the whole track with Range), and A's play count goes up by exactly one.
 */
@ExtendWith(RunningFleet.class)
class StreamingJourneyIT {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Fleet fleet;
    static Gateway gateway;

    @BeforeAll
    static void connect(Fleet running) {
        fleet = running;
        gateway = new Gateway(running.gatewayUrl());
    }

    @Test
    void aUploadsBStreamsOverWebSocketAndHttpAndTheSongCountsOnePlay() throws Exception {
        Accounts.SignedIn artist = Accounts.signUpVerified(fleet, gateway, "Ada Streams");
        Accounts.SignedIn listener = Accounts.signUpVerified(fleet, gateway, "Ben Listens");

        // A uploads 40 s of audio, and a second song; track-service answers at once and processes in the background.
        byte[] song = Tracks.wav(40);
        byte[] second = Tracks.wav(7);
        UUID trackId = upload(artist, song, "Journey Song");
        UUID secondId = upload(artist, second, "Short Song");
        JsonNode track = awaitReady(trackId, artist);
        int segmentCount = track.path("segmentCount").asInt();
        assertThat(segmentCount).isEqualTo(8);
        assertThat(track.path("playCount").asLong()).isZero();

        // Nobody streams without a token, not even through the gateway.
        assertThatThrownBy(() -> HTTP.newWebSocketBuilder().subprotocols("lalala.stream.v1")
                .buildAsync(wsUri(), new Frames()).get(20, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(401));

        // B plays it over the socket, the token as a subprotocol as a browser sends it.
        Frames frames = new Frames();
        WebSocket socket = HTTP.newWebSocketBuilder()
                .subprotocols("lalala.stream.v1", "bearer." + listener.accessToken())
                .buildAsync(wsUri(), frames).get(20, TimeUnit.SECONDS);
        try {
            assertThat(socket.getSubprotocol()).isEqualTo("lalala.stream.v1");
            assertThat(frames.text().path("type").asString()).isEqualTo("hello");
            socket.sendText("{\"type\":\"play\",\"trackId\":\"" + trackId + "\",\"fromSegment\":0}", true).join();
            JsonNode header = frames.text();
            assertThat(header.path("type").asString()).as(header.toString()).isEqualTo("track");
            assertThat(header.path("segmentCount").asInt()).isEqualTo(segmentCount);
            assertThat(header.path("sampleRate").asInt()).isEqualTo(track.path("sampleRate").asInt());

            socket.sendText("{\"type\":\"credit\",\"n\":3}", true).join();
            byte[][] received = new byte[segmentCount][];
            for (int i = 0; i < 3; i++) {
                received[i] = frames.segment(trackId, i);
            }
            // Within the credit: nothing more until more is granted.
            assertThat(frames.poll(Duration.ofSeconds(1))).isNull();
            socket.sendText("{\"type\":\"credit\",\"n\":" + (segmentCount - 3) + "}", true).join();
            for (int i = 3; i < segmentCount; i++) {
                received[i] = frames.segment(trackId, i);
            }
            assertThat(frames.text().path("type").asString()).isEqualTo("end");

            // Each segment decodes on its own (so it starts at zero), and back to back they are the uploaded samples.
            assertThat(decodedBackToBack(received)).isEqualTo(Tracks.pcm(song));

            // The same bytes over plain HTTP, segment by segment, and as one FLAC with Range.
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int i = 0; i < segmentCount; i++) {
                HttpResponse<byte[]> segment = bytes("/api/stream/tracks/" + trackId + "/segments/" + i,
                        "Authorization", listener.bearer());
                assertThat(segment.statusCode()).isEqualTo(200);
                assertThat(segment.headers().firstValue("ETag")).isPresent();
                assertThat(received[i]).isEqualTo(segment.body());
                assertThat(new String(received[i], 0, 4, StandardCharsets.US_ASCII)).isEqualTo("fLaC");
                all.writeBytes(received[i]);
            }
            HttpResponse<byte[]> whole = bytes("/api/stream/tracks/" + trackId + "/track.flac");
            assertThat(whole.statusCode()).isEqualTo(200);
            assertThat(whole.headers().firstValue("Accept-Ranges")).contains("bytes");
            HttpResponse<byte[]> range = bytes("/api/stream/tracks/" + trackId + "/track.flac",
                    "Range", "bytes=100-4195");
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.headers().firstValue("Content-Range"))
                    .contains("bytes 100-4195/" + whole.body().length);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(whole.body(), 100, 4196));

            // B keeps listening: once 30 s were heard, the play counts, once.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
            long plays = 0;
            while (plays == 0 && System.nanoTime() < deadline) {
                Thread.sleep(1_000);
                plays = json(gateway.get("/api/tracks/" + trackId, "Authorization", artist.bearer()), 200)
                        .path("playCount").asLong();
            }
            assertThat(plays).isEqualTo(1);

            // A seek lands on the segment asked for.
            socket.sendText("{\"type\":\"seek\",\"segment\":5}", true).join();
            socket.sendText("{\"type\":\"credit\",\"n\":2}", true).join();
            assertThat(frames.segment(trackId, 5)).isEqualTo(received[5]);
            assertThat(frames.segment(trackId, 6)).isEqualTo(received[6]);
            // Seeking back and hearing all of it again, for more than 30 s, is still the same listen: no second play.
            long seekedBack = System.nanoTime();
            socket.sendText("{\"type\":\"seek\",\"segment\":0}", true).join();
            socket.sendText("{\"type\":\"credit\",\"n\":" + segmentCount + "}", true).join();
            for (int i = 0; i < segmentCount; i++) {
                frames.segment(trackId, i);
            }
            assertThat(frames.text().path("type").asString()).isEqualTo("end");
            Thread.sleep(Math.max(0, TimeUnit.SECONDS.toMillis(36) - (System.nanoTime() - seekedBack) / 1_000_000));

            // The next song on the same socket: its header, then its own segments, which are its samples.
            awaitReady(secondId, artist);
            socket.sendText("{\"type\":\"play\",\"trackId\":\"" + secondId + "\",\"fromSegment\":0}", true).join();
            JsonNode next = frames.text();
            assertThat(next.path("type").asString()).as(next.toString()).isEqualTo("track");
            assertThat(next.path("trackId").asString()).isEqualTo(secondId.toString());
            assertThat(next.path("segmentCount").asInt()).isEqualTo(2);
            socket.sendText("{\"type\":\"credit\",\"n\":2}", true).join();
            byte[][] secondSegments = {frames.segment(secondId, 0), frames.segment(secondId, 1)};
            assertThat(frames.text().path("type").asString()).isEqualTo("end");
            assertThat(decodedBackToBack(secondSegments)).isEqualTo(Tracks.pcm(second));
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        }
        // Time for a wrong second PlayVerified to reach track-service; the 7-s song never reaches 30 s: no play.
        Thread.sleep(5_000);
        assertThat(json(gateway.get("/api/tracks/" + trackId, "Authorization", artist.bearer()), 200)
                .path("playCount").asLong()).isEqualTo(1);
        assertThat(json(gateway.get("/api/tracks/" + secondId, "Authorization", artist.bearer()), 200)
                .path("playCount").asLong()).isZero();
    }

    // ---- helpers ----

    /** Each FLAC decoded on its own with the static ffmpeg, the PCM joined in order. */
    static byte[] decodedBackToBack(byte[][] segments) {
        ByteArrayOutputStream pcm = new ByteArrayOutputStream();
        for (byte[] segment : segments) {
            pcm.writeBytes(TestFfmpeg.decode(segment));
        }
        return pcm.toByteArray();
    }

    static URI wsUri() {
        return URI.create(gateway.base().replaceFirst("^http", "ws") + "/api/stream/ws");
    }

    static HttpResponse<byte[]> bytes(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.base() + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static UUID upload(Accounts.SignedIn artist, byte[] audio, String title) {
        return UUID.fromString(json(Tracks.upload(gateway, artist.bearer(), audio,
                Map.of("title", title, "genre", "electronic", "visibility", "PUBLIC")), 202).path("id").asString());
    }

    static JsonNode awaitReady(UUID trackId, Accounts.SignedIn owner) throws InterruptedException {
        return Tracks.awaitReady(gateway, trackId, owner, Duration.ofMinutes(3));
    }

    /** Frames of one socket, in order: text as JSON, binary as whole messages. */
    static final class Frames implements WebSocket.Listener {

        private final BlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream binary = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                queue.add(Gateway.JSON.readTree(text.toString()));
                text.setLength(0);
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket socket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                queue.add(binary.toByteArray());
                binary.reset();
            }
            socket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket socket, int statusCode, String reason) {
            queue.add("closed " + statusCode + " " + reason);
            return CompletableFuture.completedFuture(null);
        }

        Object poll(Duration timeout) throws InterruptedException {
            return queue.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }

        JsonNode text() throws InterruptedException {
            Object frame = poll(Duration.ofSeconds(20));
            assertThat(frame).as("a text frame").isInstanceOf(JsonNode.class);
            return (JsonNode) frame;
        }

        /** The next binary frame: 16-byte track id, 4-byte index, then the segment's FLAC bytes. */
        byte[] segment(UUID trackId, int index) throws InterruptedException {
            Object frame = poll(Duration.ofSeconds(20));
            assertThat(frame).as("segment %d", index).isInstanceOf(byte[].class);
            ByteBuffer bytes = ByteBuffer.wrap((byte[]) frame);
            assertThat(new UUID(bytes.getLong(), bytes.getLong())).isEqualTo(trackId);
            assertThat(bytes.getInt()).isEqualTo(index);
            byte[] flac = new byte[bytes.remaining()];
            bytes.get(flac);
            return flac;
        }
    }
}
