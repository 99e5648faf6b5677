package dev.lalala.fleet.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Songs for journeys: made, uploaded through the gateway as the web app does, waited for until processed. */
final class Tracks {

    private Tracks() {
    }

    /** Polls the song as its owner sees it until READY (fails at once on FAILED, or after {@code timeout}). */
    static JsonNode awaitReady(Gateway gateway, UUID trackId, Accounts.SignedIn owner, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            JsonNode track = Gateway.json(gateway.get("/api/tracks/" + trackId, "Authorization", owner.bearer()), 200);
            String status = track.path("status").asString();
            if ("READY".equals(status)) {
                return track;
            }
            assertThat(status).as(track.toString()).isNotEqualTo("FAILED");
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not READY within " + timeout + ": " + track);
            }
            Thread.sleep(1_000);
        }
    }

    /**
     * {@code POST /api/tracks} as multipart: the form fields in order, then the audio as part {@code file}. Answers
     * whatever the gateway answered (202 with the song, or a problem).
     */
    static HttpResponse<String> upload(Gateway gateway, String bearer, byte[] wav, Map<String, String> fields) {
        String boundary = "journey-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        fields.forEach((name, value) -> body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\""
                + name + "\"\r\n\r\n" + value + "\r\n").getBytes(StandardCharsets.UTF_8)));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"song.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(wav);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.base() + "/api/tracks"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", bearer)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }

    /** A 16-bit stereo 44.1 kHz WAV: a chord that changes every second, so it is music-like and not silent. */
    static byte[] wav(int seconds) {
        int rate = 44_100;
        int samples = rate * seconds;
        ByteBuffer data = ByteBuffer.allocate(44 + samples * 4).order(ByteOrder.LITTLE_ENDIAN);
        data.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 4)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 2)
                .putInt(rate).putInt(rate * 4).putShort((short) 4).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 4);
        for (int i = 0; i < samples; i++) {
            double t = (double) i / rate;
            double base = 220 * Math.pow(2, (i / rate % 12) / 12.0);
            double left = 0.3 * Math.sin(2 * Math.PI * base * t) + 0.2 * Math.sin(2 * Math.PI * base * 1.5 * t);
            double right = 0.3 * Math.sin(2 * Math.PI * base * 1.25 * t) + 0.2 * Math.sin(2 * Math.PI * base * 2 * t);
            data.putShort((short) (left * Short.MAX_VALUE)).putShort((short) (right * Short.MAX_VALUE));
        }
        return data.array();
    }

    /** The samples of a WAV made by {@link #wav}: everything after its 44-byte header. */
    static byte[] pcm(byte[] wav) {
        return java.util.Arrays.copyOfRange(wav, 44, wav.length);
    }
}
