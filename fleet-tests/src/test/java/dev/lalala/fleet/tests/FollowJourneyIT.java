package dev.lalala.fleet.tests;

import static dev.lalala.fleet.tests.Gateway.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.fleet.Fleet;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Following and the feed, end to end through the gateway: A uploads a song, B (who follows A) sees it in the feed
 * within 15 s of READY; C follows B and gets A suggested (followed by B); B unfollows A and A's count drops.
 */
@ExtendWith(RunningFleet.class)
class FollowJourneyIT {

    static Fleet fleet;
    static Gateway gateway;

    @BeforeAll
    static void connect(Fleet running) {
        fleet = running;
        gateway = new Gateway(running.gatewayUrl());
    }

    @Test
    void aFollowersFeedShowsTheNewSongSuggestionsFollowTheGraphAndUnfollowCounts() throws Exception {
        Accounts.SignedIn a = Accounts.signUpVerified(fleet, gateway, "Ada Follows");
        Accounts.SignedIn b = Accounts.signUpUnverified(gateway, "Ben Follows");
        Accounts.SignedIn c = Accounts.signUpUnverified(gateway, "Cy Follows");

        // The graph learns of new accounts from user.events: until then A is unknown (404), so retry briefly.
        follow(b, a.userId());
        assertThat(json(gateway.get("/api/follows/" + a.userId() + "/counts"), 200).path("followers").asLong())
                .isEqualTo(1);

        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("title", "Followed Song");
        fields.put("genre", "electronic");
        UUID track = UUID.fromString(json(Tracks.upload(gateway, a.bearer(), Tracks.wav(6), fields), 202)
                .path("id").asString());
        long deadline = System.currentTimeMillis() + 180_000;
        // While it is processing only its owner sees the song.
        while (!"READY".equals(json(gateway.get("/api/tracks/" + track, "Authorization", a.bearer()), 200)
                .path("status").asString())) {
            assertThat(System.currentTimeMillis()).as("song READY within 3 min").isLessThan(deadline);
            Thread.sleep(250);
        }
        long ready = System.currentTimeMillis();
        JsonNode item = null;
        while (item == null) {
            assertThat(System.currentTimeMillis() - ready).as("song in B's feed within 15 s of READY")
                    .isLessThan(15_000);
            for (JsonNode i : json(Accounts.send(gateway, "GET", "/api/feed", b.bearer(), null), 200).path("items")) {
                if (track.toString().equals(i.path("subject").path("id").asString())) {
                    item = i;
                }
            }
            Thread.sleep(200);
        }
        assertThat(item.path("kind").asString()).isEqualTo("TRACK_PUBLISHED");
        assertThat(item.path("actor").path("id").asString()).isEqualTo(a.userId().toString());
        assertThat(item.path("subject").path("title").asString()).isEqualTo("Followed Song");

        follow(c, b.userId());
        JsonNode suggestions = json(Accounts.send(gateway, "GET", "/api/follows/suggestions", c.bearer(), null), 200)
                .path("items");
        assertThat(suggestions.size()).isGreaterThanOrEqualTo(1);
        assertThat(suggestions.get(0).path("user").path("id").asString()).isEqualTo(a.userId().toString());
        assertThat(suggestions.get(0).path("mutualCount").asLong()).isEqualTo(1);
        assertThat(suggestions.get(0).path("mutualNames").get(0).asString()).isEqualTo("Ben Follows");

        JsonNode unfollowed = json(Accounts.send(gateway, "DELETE", "/api/follows/" + a.userId(), b.bearer(), null),
                200);
        assertThat(unfollowed.path("changed").asBoolean()).isTrue();
        assertThat(json(gateway.get("/api/follows/" + a.userId() + "/counts"), 200).path("followers").asLong())
                .isZero();
        // Anonymous writes are refused at the door.
        assertThat(Accounts.send(gateway, "PUT", "/api/follows/" + a.userId(), null, null).statusCode())
                .isEqualTo(401);
    }

    static void follow(Accounts.SignedIn who, UUID whom) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        while (true) {
            HttpResponse<String> response = Accounts.send(gateway, "PUT", "/api/follows/" + whom, who.bearer(), null);
            if (response.statusCode() == 200) {
                return;
            }
            assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
            assertThat(System.currentTimeMillis()).as("the graph knows %s within 20 s", whom).isLessThan(deadline);
            Thread.sleep(250);
        }
    }
}
