package dev.lalala.fleet.tests;

import static dev.lalala.fleet.tests.Gateway.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.fleet.Fleet;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Playlists end to end through the gateway: A makes a list of three of her songs (each checked with track-service
 * through OpenFeign), reorders it, makes it private (B gets 404), deletes one song, and the list shows it
 * unavailable (TrackDeleted reached playlist-service's read model through Kafka) without losing its shape. Every
 * song names its artist (display name and handle) from playlist-service's read model fed by user.events; a renamed
 * song shows its new title and one made private shows unavailable to others (TrackUpdated through Kafka).
 */
@ExtendWith(RunningFleet.class)
class PlaylistsJourneyIT {

    static Fleet fleet;
    static Gateway gateway;

    @BeforeAll
    static void connect(Fleet running) {
        fleet = running;
        gateway = new Gateway(running.gatewayUrl());
    }

    @Test
    void aListOfThreeSongsIsReorderedMadePrivateAndKeepsItsShapeWhenASongGoes() throws Exception {
        Accounts.SignedIn a = Accounts.signUpVerified(fleet, gateway, "Ada Playlists");
        Accounts.SignedIn b = Accounts.signUpVerified(fleet, gateway, "Ben Playlists");
        List<UUID> songs = new ArrayList<>();
        for (String title : List.of("One", "Two", "Three")) {
            JsonNode accepted = json(Tracks.upload(gateway, a.bearer(), Tracks.wav(3),
                    Map.of("title", title, "genre", "electronic")), 202);
            songs.add(UUID.fromString(accepted.path("id").asString()));
        }
        for (UUID song : songs) {
            Tracks.awaitReady(gateway, song, a, Duration.ofMinutes(3));
        }

        JsonNode created = json(Accounts.post(gateway, "/api/playlists", a.bearer(),
                Accounts.body("name", "Ada's three", "visibility", "PUBLIC")), 201);
        String list = "/api/playlists/" + created.path("id").asString();
        List<String> items = new ArrayList<>();
        for (UUID song : songs) {
            items.add(json(Accounts.post(gateway, list + "/items", a.bearer(), Accounts.body("trackId", song)), 201)
                    .path("itemId").asString());
        }
        assertThat(titles(list, a)).containsExactly("One", "Two", "Three");

        // Each song names its artist, from playlist-service's own read model of accounts (fed by user.events).
        JsonNode named = awaitItems(list, b, shown -> "Ada Playlists".equals(shown.get(0).path("artistName")
                .asString()));
        for (JsonNode item : named) {
            assertThat(item.path("artistName").asString()).as(item.toString()).isEqualTo("Ada Playlists");
            assertThat(item.path("artistHandle").asString()).isEqualTo(a.handle());
            assertThat(item.path("artistId").asString()).isEqualTo(a.userId().toString());
        }
        JsonNode whole = json(gateway.get(list, "Authorization", b.bearer()), 200);
        assertThat(whole.path("ownerName").asString()).isEqualTo("Ada Playlists");
        assertThat(whole.path("ownerHandle").asString()).isEqualTo(a.handle());

        // Reorder: Three to the front, then One to the end.
        assertThat(Accounts.send(gateway, "PATCH", list + "/items/" + items.get(2), a.bearer(),
                Accounts.body("position", 0)).statusCode()).isEqualTo(204);
        assertThat(Accounts.send(gateway, "PATCH", list + "/items/" + items.get(0), a.bearer(),
                Accounts.body("position", 2)).statusCode()).isEqualTo(204);
        assertThat(titles(list, a)).containsExactly("Three", "Two", "One");
        assertThat(titles(list, b)).containsExactly("Three", "Two", "One");
        JsonNode listed = json(gateway.get("/api/users/" + a.userId() + "/playlists"), 200);
        assertThat(listed.path("items").get(0).path("trackCount").asInt()).isEqualTo(3);

        // Private: B gets 404, and cannot change it either.
        json(Accounts.send(gateway, "PATCH", list, a.bearer(), Accounts.body("visibility", "PRIVATE")), 200);
        Gateway.problem(gateway.get(list, "Authorization", b.bearer()), 404, "not-found");
        Gateway.problem(Accounts.send(gateway, "PATCH", list + "/items/" + items.get(1), b.bearer(),
                Accounts.body("position", 0)), 404, "not-found");
        assertThat(json(gateway.get("/api/me/playlists", "Authorization", a.bearer()), 200).path("items").get(0)
                .path("visibility").asString()).isEqualTo("PRIVATE");

        // A deletes song Two: the list keeps three places, Two's shows unavailable.
        assertThat(Accounts.send(gateway, "DELETE", "/api/tracks/" + songs.get(1), a.bearer(), null).statusCode())
                .isEqualTo(204);
        JsonNode shown = awaitItems(list, a, now -> !now.get(1).path("available").asBoolean());
        assertThat(shown.size()).isEqualTo(3);
        assertThat(shown.get(1).path("trackId").asString()).isEqualTo(songs.get(1).toString());
        assertThat(shown.get(1).path("available").asBoolean()).as(shown.toString()).isFalse();
        assertThat(shown.get(0).path("available").asBoolean()).isTrue();
        assertThat(shown.get(2).path("title").asString()).isEqualTo("One");

        // A renames Three and makes One private, and shares the list again: B sees the new title and One
        // unavailable (TrackUpdated through Kafka); A, One's artist, still sees it.
        json(Accounts.send(gateway, "PATCH", "/api/tracks/" + songs.get(2), a.bearer(),
                Accounts.body("title", "Three (live)")), 200);
        json(Accounts.send(gateway, "PATCH", "/api/tracks/" + songs.get(0), a.bearer(),
                Accounts.body("visibility", "PRIVATE")), 200);
        json(Accounts.send(gateway, "PATCH", list, a.bearer(), Accounts.body("visibility", "PUBLIC")), 200);
        JsonNode forB = awaitItems(list, b, now -> now.get(0).path("title").asString().equals("Three (live)")
                && !now.get(2).path("available").asBoolean());
        assertThat(forB.get(0).path("title").asString()).as(forB.toString()).isEqualTo("Three (live)");
        assertThat(forB.get(2).path("available").asBoolean()).isFalse();
        assertThat(forB.get(2).has("title")).isFalse();
        assertThat(json(gateway.get(list, "Authorization", a.bearer()), 200).path("items").get(2).path("title")
                .asString()).isEqualTo("One");
    }

    /** The list's items once {@code done} holds (at most 60 s: events travel through Kafka). */
    static JsonNode awaitItems(String list, Accounts.SignedIn who, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode shown;
        do {
            shown = json(gateway.get(list, "Authorization", who.bearer()), 200).path("items");
            if (done.test(shown)) {
                break;
            }
            Thread.sleep(250);
        } while (System.nanoTime() < deadline);
        return shown;
    }

    static List<String> titles(String list, Accounts.SignedIn who) {
        HttpResponse<String> response = gateway.get(list, "Authorization", who.bearer());
        List<String> titles = new ArrayList<>();
        json(response, 200).path("items").forEach(i -> titles.add(i.path("title").asString()));
        return titles;
    }
}
