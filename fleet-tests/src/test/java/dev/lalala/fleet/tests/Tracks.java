package dev.lalala.fleet.tests;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Songs for journeys: waiting for an upload to be processed. */
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
}
