package dev.lalala.fleet.tests;

import static dev.lalala.fleet.tests.Gateway.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.fleet.Fleet;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
 * Search, end to end through the gateway of a real fleet: a song uploaded with a Korean and English title is found,
 * once it is ready, by a Korean word (with a particle on the query), an English prefix (as you type) and a typo
 * within 10 seconds; made private, others no longer find it within 10 seconds while its owner still does.
 */
@ExtendWith(RunningFleet.class)
class SearchJourneyIT {

    static final Duration WITHIN = Duration.ofSeconds(10);

    static Fleet fleet;
    static Gateway gateway;

    @BeforeAll
    static void connect(Fleet running) {
        fleet = running;
        gateway = new Gateway(running.gatewayUrl());
    }

    @Test
    void aKoreanAndEnglishSongIsFoundByAKoreanWordAPrefixAndATypoThenHiddenWhenMadePrivate() throws Exception {
        Accounts.SignedIn artist = Accounts.signUpVerified(fleet, gateway, "Haneul Kim");
        Accounts.SignedIn listener = Accounts.signUpVerified(fleet, gateway, "Someone Else");
        // A made-up English word, so that only this run's song can match.
        String word = "Glimmer" + Long.toString(System.nanoTime() % 100_000, 36).replaceAll("[0-9]", "x");
        String title = "서울의 밤 " + word + " Lights";
        UUID id = UUID.fromString(json(Tracks.upload(gateway, artist.bearer(), Tracks.wav(4),
                Map.of("title", title, "genre", "electronic", "visibility", "PUBLIC")), 202).path("id").asString());
        Tracks.awaitReady(gateway, id, artist, Duration.ofMinutes(3));

        awaitSearch("/api/search?q=" + enc("서울을") + "&type=track", null, has(id));        // Korean, with a particle
        awaitSearch("/api/search/suggest?q=" + enc(word.substring(0, 7).toLowerCase()), null, has(id)); // prefix
        String typo = "" + word.charAt(0) + word.charAt(2) + word.charAt(1) + word.substring(3); // "Gilmmer..."
        awaitSearch("/api/search?q=" + enc(typo), null, has(id));
        JsonNode hit = find(json(gateway.get("/api/search?q=" + enc(word)), 200), id);
        assertThat(hit.path("title").asString()).isEqualTo(title);
        assertThat(hit.path("subtitle").asString()).isEqualTo("Haneul Kim");
        assertThat(hit.path("durationMs").asLong()).isEqualTo(4_000);

        // Hostile input through the gateway: a problem, not an error.
        Gateway.problem(gateway.get("/api/search?q=" + "x".repeat(101)), 400, "invalid-query");

        json(Accounts.send(gateway, "PATCH", "/api/tracks/" + id, artist.bearer(),
                Accounts.body("visibility", "PRIVATE")), 200);
        awaitSearch("/api/search?q=" + enc(word), null, has(id).negate());
        awaitSearch("/api/search?q=" + enc(word), listener.bearer(), has(id).negate());
        awaitSearch("/api/search/suggest?q=" + enc(word.substring(0, 7)), listener.bearer(), has(id).negate());
        awaitSearch("/api/search?q=" + enc(word), artist.bearer(), has(id));
    }

    static void awaitSearch(String path, String bearer, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WITHIN.toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = json(bearer == null ? gateway.get(path) : gateway.get(path, "Authorization", bearer), 200);
            if (condition.test(last)) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(path + ": not within " + WITHIN + "; last answer " + last);
    }

    static Predicate<JsonNode> has(UUID id) {
        return r -> ids(r).contains(id.toString());
    }

    static List<String> ids(JsonNode response) {
        List<String> ids = new ArrayList<>();
        response.path("items").forEach(i -> ids.add(i.path("id").asString()));
        return ids;
    }

    static JsonNode find(JsonNode response, UUID id) {
        for (JsonNode i : response.path("items")) {
            if (i.path("id").asString().equals(id.toString())) {
                return i;
            }
        }
        throw new AssertionError(id + " not in " + response);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
