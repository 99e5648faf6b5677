package dev.lalala.fleet.tests;

import static dev.lalala.fleet.tests.Gateway.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.fleet.Fleet;
import dev.lalala.fleet.FleetService;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Songs, end to end through the gateway of a real fleet: a verified user uploads a generated song with its
 * metadata, follows its processing live (server-sent events) until READY, and anyone reads its public page data
 * (waveform, duration, counts); an unverified user may not upload, another user may not delete it, and likes
 * count once. A song that was being processed when track-service was killed is finished after the restart.
 */
@ExtendWith(RunningFleet.class)
class SongsJourneyIT {

    static Fleet fleet;
    static Gateway gateway;

    @BeforeAll
    static void connect(Fleet running) {
        fleet = running;
        gateway = new Gateway(running.gatewayUrl());
    }

    @Test
    void aVerifiedUserUploadsASongWatchesItBecomeReadyAndAnyoneReadsIt() throws Exception {
        Accounts.SignedIn artist = Accounts.signUpVerified(fleet, gateway, "Cleo Uploads");

        HttpResponse<String> accepted = upload(artist.bearer(), Tracks.wav(12), "Night Drive");
        JsonNode received = json(accepted, 202);
        UUID id = UUID.fromString(received.path("id").asString());
        assertThat(received.path("status").asString()).isEqualTo("PROCESSING");
        assertThat(accepted.headers().firstValue("Location")).hasValue("/api/tracks/" + id);

        // Live progress through the gateway, as the upload page follows it; the stream ends at READY.
        HttpResponse<String> events = gateway.send(HttpRequest.newBuilder(
                        URI.create(gateway.base() + "/api/tracks/" + id + "/progress"))
                .timeout(Duration.ofMinutes(3))
                .header("Authorization", artist.bearer())
                .header("Accept", "text/event-stream").build());
        assertThat(events.statusCode()).as(events.body()).isEqualTo(200);
        List<JsonNode> progress = new ArrayList<>();
        events.body().lines().filter(l -> l.startsWith("data:"))
                .forEach(l -> progress.add(Gateway.JSON.readTree(l.substring(5))));
        assertThat(progress).as(events.body()).isNotEmpty();
        assertThat(progress.getLast().path("status").asString()).isEqualTo("READY");
        assertThat(progress.getLast().path("percent").asInt()).isEqualTo(100);

        // Anyone (no token) reads the public page data.
        JsonNode track = json(gateway.get("/api/tracks/" + id), 200);
        assertThat(track.path("status").asString()).isEqualTo("READY");
        assertThat(track.path("title").asString()).isEqualTo("Night Drive");
        assertThat(track.path("genre").asString()).isEqualTo("electronic");
        assertThat(track.path("tags").toString()).isEqualTo("[\"synthwave\",\"night\"]");
        assertThat(track.path("ownerId").asString()).isEqualTo(artist.userId().toString());
        assertThat(track.path("durationMs").asLong()).isEqualTo(12_000);
        assertThat(track.path("segmentCount").asInt()).isEqualTo(3);
        assertThat(track.path("waveform").size()).isEqualTo(400);
        assertThat(track.path("waveform").get(0).asDouble()).isBetween(0.01, 1.0);
        assertThat(track.path("playCount").asLong()).isZero();
        assertThat(track.has("processing")).isFalse();
        JsonNode listed = json(gateway.get("/api/tracks?artist=" + artist.userId()), 200);
        assertThat(listed.path("items").get(0).path("id").asString()).isEqualTo(id.toString());

        // Another user likes it (once, however often they ask) but cannot delete it.
        Accounts.SignedIn fan = Accounts.signUpUnverified(gateway, "Dan Likes");
        for (int i = 0; i < 2; i++) {
            assertThat(json(send("PUT", "/api/tracks/" + id + "/like", fan.bearer()), 200).path("likeCount").asLong())
                    .isEqualTo(1);
        }
        assertThat(json(gateway.get("/api/tracks/liked", "Authorization", fan.bearer()), 200).path("items").get(0)
                .path("id").asString()).isEqualTo(id.toString());
        assertThat(send("DELETE", "/api/tracks/" + id, fan.bearer()).statusCode()).isEqualTo(403);
        // An unverified user may listen and like, not upload.
        Gateway.problem(upload(fan.bearer(), Tracks.wav(1), "Nope"), 403, "email-not-verified");

        // The owner deletes it: gone for everyone.
        assertThat(send("DELETE", "/api/tracks/" + id, artist.bearer()).statusCode()).isEqualTo(204);
        assertThat(gateway.get("/api/tracks/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void aSongBeingProcessedWhenTrackServiceIsKilledIsFinishedAfterTheRestart() throws Exception {
        Accounts.SignedIn artist = Accounts.signUpVerified(fleet, gateway, "Kim Crashes");
        UUID id = UUID.fromString(json(upload(artist.bearer(), Tracks.wav(480), "Long Take"), 202)
                .path("id").asString());

        // Wait until the worker is inside the pipeline, then kill the process outright (SIGKILL: no shutdown hook,
        // no lease handed back), as a crash or an OOM kill would.
        // Segmenting an 8-minute song takes seconds: killed then, it is surely left half-done.
        String stage = "";
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (!stage.equals("SEGMENTING") && System.nanoTime() < deadline) {
            JsonNode track = json(send("GET", "/api/tracks/" + id, artist.bearer()), 200);
            assertThat(track.path("status").asString()).as("still processing").isEqualTo("PROCESSING");
            stage = track.path("processing").path("stage").asString();
            Thread.sleep(20);
        }
        assertThat(stage).as("reached segmenting").isEqualTo("SEGMENTING");
        long pid = fleet.runningPid(FleetService.TRACK).orElseThrow();
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroyForcibly();
        process.onExit().get(30, TimeUnit.SECONDS);
        assertThat(gateway.get("/api/tracks/" + id).statusCode()).as("track-service is gone").isEqualTo(503);

        fleet.stop(FleetService.TRACK);
        fleet.start(FleetService.TRACK);
        fleet.awaitReady(FleetService.TRACK, Duration.ofMinutes(3));

        // The dead worker left the song half-done; the restarted service claims it once that lease ran out, and
        // processes it again.
        assertThat(json(send("GET", "/api/tracks/" + id, artist.bearer()), 200).path("status").asString())
                .as("left unfinished by the kill").isEqualTo("PROCESSING");
        JsonNode ready = Tracks.awaitReady(gateway, id, artist, Duration.ofMinutes(3));
        assertThat(ready.path("durationMs").asLong()).isEqualTo(480_000);
        assertThat(ready.path("segmentCount").asInt()).isEqualTo(96);
        assertThat(ready.path("waveform").size()).isEqualTo(400);
        HttpResponse<byte[]> last = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(gateway.base() + "/api/stream/tracks/" + id + "/segments/95")).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(last.statusCode()).isEqualTo(200);
        assertThat(new String(last.body(), 0, 4, StandardCharsets.US_ASCII)).isEqualTo("fLaC");
        assertThat(send("DELETE", "/api/tracks/" + id, artist.bearer()).statusCode()).isEqualTo(204);
    }

    static HttpResponse<String> upload(String bearer, byte[] wav, String title) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("title", title);
        fields.put("genre", "electronic");
        fields.put("tags", "synthwave, night");
        fields.put("description", "Generated by the journey.");
        return Tracks.upload(gateway, bearer, wav, fields);
    }

    static HttpResponse<String> send(String method, String path, String bearer) {
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.base() + path))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", bearer)
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }
}
