package dev.lalala.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.chat.live.ClockSync;
import dev.lalala.chat.room.TrackReactions;
import dev.lalala.chat.track.RoomTracks;
import dev.lalala.events.Visibility;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.nio.charset.StandardCharsets;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.events.track.TrackPublished;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The rooms protocol end to end on one instance: a real WebSocket client (the JDK's, offering the subprotocols as a
 * browser does), real MariaDB, real Kafka (every frame of a room comes back through room.events).
 */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA}, databases = "chat")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RoomsLiveIT {

    static final TestTokens TOKENS = new TestTokens();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("lalala.security.jwk-set-uri", TOKENS::jwkSetUri);
        registry.add("lalala.chat.sockets-per-user", () -> "3");
        registry.add("lalala.chat.max-strikes", () -> "10");
    }

    @AfterAll
    static void stopTokens() {
        TOKENS.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    TrackReactions trackReactions;

    @Autowired
    RoomTracks roomTracks;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    io.micrometer.core.instrument.MeterRegistry meters;

    final HttpClient http = HttpClient.newHttpClient();
    final List<TestSocket> sockets = new ArrayList<>();

    @org.junit.jupiter.api.AfterEach
    void closeSockets() {
        sockets.forEach(TestSocket::close);
    }

    // ---- the handshake ----

    @Test
    void aSocketWithoutAValidTokenIsRefusedWith401BeforeTheUpgrade() {
        for (String token : new String[] {null, "not-a-jwt"}) {
            assertThatThrownBy(() -> TestSocket.open(ws(), token))
                    .isInstanceOf(CompletionException.class)
                    .cause().isInstanceOf(WebSocketHandshakeException.class)
                    .satisfies(e -> assertThat(((WebSocketHandshakeException) e).getResponse().statusCode())
                            .isEqualTo(401));
        }
    }

    @Test
    void theServerChoosesTheChatProtocolNeverTheTokenAndSaysHello() {
        UUID user = UUID.randomUUID();
        TestSocket socket = socket(user);

        assertThat(socket.subprotocol()).isEqualTo("lalala.chat.v1");
        JsonNode hello = socket.await("hello");
        assertThat(hello.path("user").asString()).isEqualTo(user.toString());
        assertThat(hello.path("instance").asString()).startsWith("chat-service-");
    }

    @Test
    void clockSyncRoundTripsGiveTheServerClockWithinHalfTheRoundTrip() {
        TestSocket socket = socket(UUID.randomUUID());
        List<ClockSync.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            long t0 = System.currentTimeMillis();
            socket.send("time", "clientSentAt", t0);
            JsonNode time = socket.await("time", f -> f.path("clientSentAt").asLong() == t0);
            long t3 = System.currentTimeMillis();
            samples.add(new ClockSync.Sample(t0, time.path("serverTime").asLong(), t3));
            assertThat(time.path("serverTime").asLong()).isBetween(t0, t3);
        }
        // Same machine, same clock: the true offset is 0, and the estimate (from the fastest half of the samples) is
        // off by at most half the slowest round trip among those.
        long slowestUsed = samples.stream().mapToLong(ClockSync.Sample::roundTrip).sorted().skip(3).findFirst()
                .orElseThrow();
        assertThat(Math.abs(ClockSync.offset(samples))).isLessThanOrEqualTo(slowestUsed / 2.0);
    }

    // ---- playback ----

    @Test
    void theHostPlaysAndALateJoinerGetsTheStateToStartInSync() throws Exception {
        UUID host = UUID.randomUUID();
        UUID guest = UUID.randomUUID();
        UUID track = song(host);
        String room = createRoom(host, "Friday", "PUBLIC").path("id").asString();
        TestSocket h = joined(host, room);
        assertThat(h.await("state").path("paused").asBoolean()).isTrue();

        long before = System.currentTimeMillis();
        h.send("play", "roomId", room, "trackId", track);
        JsonNode played = h.await("state", f -> track.toString().equals(f.path("trackId").asString()));
        long after = System.currentTimeMillis();
        assertThat(played.path("paused").asBoolean()).isFalse();
        assertThat(played.path("startedAt").asLong()).isBetween(before, after);
        assertThat(played.path("hostId").asString()).isEqualTo(host.toString());

        Thread.sleep(300);
        TestSocket g = socket(guest);
        long joinAt = System.currentTimeMillis();
        g.send("join", "roomId", room);
        JsonNode state = g.await("state");
        assertThat(state.path("trackId").asString()).isEqualTo(track.toString());
        assertThat(state.path("startedAt").asLong()).isEqualTo(played.path("startedAt").asLong());
        assertThat(state.path("positionMs").asLong()).isEqualTo(
                state.path("serverTime").asLong() - state.path("startedAt").asLong());
        assertThat(state.path("positionMs").asLong()).isBetween(joinAt - played.path("startedAt").asLong() - 50,
                System.currentTimeMillis() - played.path("startedAt").asLong());
        assertThat(state.path("listeners").asInt()).isEqualTo(2);
        h.await("presence", f -> guest.toString().equals(f.path("joined").asString()));

        // Pause, seek, queue and skip reach everyone as state frames stamped with server time.
        h.send("pause", "roomId", room);
        JsonNode paused = g.await("state", f -> f.path("paused").asBoolean());
        assertThat(paused.path("positionMs").asLong()).isGreaterThanOrEqualTo(300);
        h.send("seek", "roomId", room, "positionMs", 90_000);
        assertThat(g.await("state", f -> f.path("positionMs").asLong() == 90_000).path("paused").asBoolean()).isTrue();
        UUID next = song(UUID.randomUUID());
        h.send("queue.add", "roomId", room, "trackId", next);
        assertThat(g.await("state", f -> f.path("queue").size() == 1).path("queue").get(0).asString())
                .isEqualTo(next.toString());
        h.send("skip", "roomId", room);
        JsonNode skipped = g.await("state", f -> next.toString().equals(f.path("trackId").asString()));
        assertThat(skipped.path("queue").isEmpty()).isTrue();
        assertThat(skipped.path("paused").asBoolean()).isFalse();

        JsonNode rest = ok(get("/api/rooms/" + room, null));
        assertThat(rest.path("playback").path("trackId").asString()).isEqualTo(next.toString());
        assertThat(rest.path("listeners").asInt()).isEqualTo(2);
    }

    @Test
    void aGuestWhoTriesToSteerGetsAnErrorAndNothingChanges() throws Exception {
        UUID host = UUID.randomUUID();
        UUID track = song(host);
        String room = createRoom(host, "Mine", "PUBLIC").path("id").asString();
        TestSocket h = joined(host, room);
        h.send("play", "roomId", room, "trackId", track);
        long startedAt = h.await("state", f -> !f.path("paused").asBoolean()).path("startedAt").asLong();
        TestSocket g = joined(UUID.randomUUID(), room);
        g.await("state");

        for (String type : List.of("skip", "pause")) {
            g.send(type, "roomId", room);
            assertThat(g.awaitError()).isEqualTo("not-host");
        }
        g.send("play", "roomId", room, "trackId", song(UUID.randomUUID()));
        assertThat(g.awaitError()).isEqualTo("not-host");
        g.send("seek", "roomId", room, "positionMs", 5);
        assertThat(g.awaitError()).isEqualTo("not-host");
        g.send("mute", "roomId", room, "userId", host);
        assertThat(g.awaitError()).isEqualTo("not-host");

        h.expectNo("state", Duration.ofMillis(500));
        JsonNode playback = ok(get("/api/rooms/" + room, null)).path("playback");
        assertThat(playback.path("trackId").asString()).isEqualTo(track.toString());
        assertThat(playback.path("startedAt").asLong()).isEqualTo(startedAt);
        assertThat(playback.path("paused").asBoolean()).isFalse();
    }

    // ---- chat, reactions, history ----

    @Test
    void chatAndReactionsReachEveryoneWithThePlaybackPositionAndAreKept() throws Exception {
        UUID host = UUID.randomUUID();
        UUID guest = UUID.randomUUID();
        UUID track = song(host);
        String room = createRoom(host, "Talk", "PUBLIC").path("id").asString();
        TestSocket h = joined(host, room);
        h.send("play", "roomId", room, "trackId", track);
        h.await("state", f -> !f.path("paused").asBoolean());
        TestSocket g = joined(guest, room);
        g.await("state");

        g.send("chat", "roomId", room, "text", "this drop 🔥");
        JsonNode chat = h.await("chat");
        assertThat(chat.path("text").asString()).isEqualTo("this drop 🔥");
        assertThat(chat.path("from").asString()).isEqualTo(guest.toString());
        assertThat(chat.path("trackId").asString()).isEqualTo(track.toString());
        assertThat(chat.path("positionMs").asLong()).isGreaterThanOrEqualTo(0);
        assertThat(g.await("chat").path("id").asString()).isEqualTo(chat.path("id").asString());
        // The line's trip from its event to the sockets is timed, and Prometheus sees the histogram.
        assertThat(meters.get("lalala.chat.fanout").tag("frame", "chat").timer().count()).isPositive();
        HttpResponse<String> scrape = get("/actuator/prometheus", null);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.body()).containsPattern("lalala_chat_fanout_seconds_bucket\\{[^}]*frame=\"chat\"");

        h.send("react", "roomId", room, "kind", "clap");
        JsonNode clap = g.await("reaction");
        assertThat(h.await("reaction").path("kind").asString()).as("the sender sees its own, in order").isEqualTo("clap");
        assertThat(clap.path("kind").asString()).isEqualTo("clap");
        assertThat(clap.path("from").asString()).isEqualTo(host.toString());
        assertThat(clap.path("trackId").asString()).isEqualTo(track.toString());
        g.send("react", "roomId", room, "kind", "mirrorball");
        assertThat(h.await("reaction").path("kind").asString()).isEqualTo("mirrorball");
        g.send("react", "roomId", room, "kind", "confetti");
        assertThat(g.awaitError()).isEqualTo("bad-frame");

        for (int i = 0; i < 3; i++) {
            h.send("chat", "roomId", room, "text", "line " + i);
            g.await("chat", f -> f.path("text").asString().startsWith("line"));
            Thread.sleep(250);
        }
        JsonNode page = ok(get("/api/rooms/" + room + "/messages?limit=2", null));
        assertThat(page.path("items").size()).isEqualTo(2);
        assertThat(page.path("items").get(0).path("text").asString()).isEqualTo("line 2");
        JsonNode rest = ok(get("/api/rooms/" + room + "/messages?limit=2&cursor=" + page.path("nextCursor").asString(),
                null));
        assertThat(rest.path("items").get(0).path("text").asString()).isEqualTo("line 0");
        assertThat(rest.path("items").get(1).path("text").asString()).isEqualTo("this drop 🔥");
        assertThat(rest.path("items").get(1).path("positionMs").asLong())
                .isEqualTo(chat.path("positionMs").asLong());

        trackReactions.flush();
        JsonNode reactions = ok(get("/api/chat/tracks/" + track + "/reactions", null));
        long total = 0;
        List<String> kinds = new ArrayList<>();
        for (JsonNode bucket : reactions.path("items")) {
            total += bucket.path("count").asLong();
            kinds.add(bucket.path("kind").asString());
        }
        assertThat(total).isEqualTo(2);
        assertThat(kinds).containsExactlyInAnyOrder("clap", "mirrorball");
    }

    // ---- limits ----

    @Test
    void badFramesGetErrorsAndAbuseClosesTheSocketWith1008() throws Exception {
        UUID user = UUID.randomUUID();
        String room = createRoom(user, "Limits", "PUBLIC").path("id").asString();
        TestSocket s = joined(user, room);
        s.await("state");

        s.send("chat", "roomId", room, "text", "x".repeat(501));
        assertThat(s.awaitError()).isEqualTo("too-long");
        s.send("{not json");
        assertThat(s.awaitError()).isEqualTo("bad-json");
        s.send("dance", "roomId", room);
        assertThat(s.awaitError()).isEqualTo("unknown-type");
        s.send("chat", "roomId", UUID.randomUUID(), "text", "hi");
        assertThat(s.awaitError()).isEqualTo("not-in-room");

        // Six lines at once, with a full bucket: five pass, the sixth is refused (5 a second).
        Thread.sleep(1100);
        for (int i = 0; i < 6; i++) {
            s.send("chat", "roomId", room, "text", "burst " + i);
        }
        assertThat(s.awaitError()).isEqualTo("rate-limited");
        for (int i = 0; i < 5; i++) {
            s.await("chat", f -> f.path("text").asString().startsWith("burst"));
        }

        for (int i = 0; i < 12; i++) {
            s.send("{broken");
        }
        assertThat(s.awaitClose()).isEqualTo(1008);
    }

    @Test
    void socketsPerUserAreCapped() {
        UUID user = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            socket(user).await("hello");
        }
        TestSocket fourth = socket(user);
        assertThat(fourth.awaitError()).isEqualTo("too-many-sockets");
        assertThat(fourth.awaitClose()).isEqualTo(1008);
    }

    @Test
    void roomsPerUserAreCappedAndRoomsAreValidated() throws Exception {
        UUID user = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            createRoom(user, "Room " + i, "PUBLIC");
        }
        HttpResponse<String> fourth = post("/api/rooms", user, "{\"name\":\"One too many\"}");
        assertThat(fourth.statusCode()).isEqualTo(409);
        assertThat(fourth.body()).contains("too-many-rooms");
        assertThat(post("/api/rooms", UUID.randomUUID(), "{\"name\":\"  \"}").statusCode()).isEqualTo(400);
        assertThat(post("/api/rooms", null, "{\"name\":\"anon\"}").statusCode()).isEqualTo(401);
        HttpResponse<String> unverified = send(request("/api/rooms", null)
                .header("Authorization", "Bearer " + TOKENS.unverifiedTokenFor(UUID.randomUUID()))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Not yet\"}")));
        assertThat(unverified.statusCode()).isEqualTo(403);
        assertThat(unverified.body()).contains("email-not-verified");
    }

    // ---- the host's powers ----

    @Test
    void theHostMutesRemovesAndHandsOverAndWhenTheHostLeavesTheRolePassesOn() throws Exception {
        UUID host = UUID.randomUUID();
        UUID loud = UUID.randomUUID();
        UUID next = UUID.randomUUID();
        String room = createRoom(host, "Moderated", "PUBLIC").path("id").asString();
        TestSocket h = joined(host, room);
        h.await("state");
        TestSocket l = joined(loud, room);
        l.await("state");
        TestSocket n = joined(next, room);
        n.await("state");

        h.send("mute", "roomId", room, "userId", loud);
        l.await("moderation", f -> f.path("action").asString().equals("muted"));
        l.send("chat", "roomId", room, "text", "let me talk");
        assertThat(l.awaitError()).isEqualTo("muted");
        l.send("react", "roomId", room, "kind", "heart");
        assertThat(l.awaitError()).isEqualTo("muted");

        h.send("remove", "roomId", room, "userId", loud);
        assertThat(l.awaitError()).isEqualTo("removed");
        l.send("join", "roomId", room);
        assertThat(l.awaitError()).isEqualTo("removed");

        h.send("host", "roomId", room, "userId", next);
        assertThat(n.await("state", f -> next.toString().equals(f.path("hostId").asString()))).isNotNull();
        h.send("pause", "roomId", room);
        assertThat(h.awaitError()).isEqualTo("not-host");
        n.send("play", "roomId", room, "trackId", song(next));
        h.await("state", f -> !f.path("paused").asBoolean());

        // The new host leaves: the old one (the only listener left) gets the role.
        n.send("leave", "roomId", room);
        assertThat(h.await("state", f -> host.toString().equals(f.path("hostId").asString()))).isNotNull();
        // Then the last listener, the host, leaves: nobody to pass it to, so the room pauses.
        h.close();
        for (int i = 0; i < 50 && !ok(get("/api/rooms/" + room, null)).path("playback").path("paused").asBoolean(); i++) {
            Thread.sleep(100);
        }
        JsonNode after = ok(get("/api/rooms/" + room, null));
        assertThat(after.path("playback").path("paused").asBoolean()).isTrue();
        assertThat(after.path("listeners").asInt()).isZero();
    }

    @Test
    void aMutedListenerWhoComesBackToAnEmptiedRoomIsStillMuted() throws Exception {
        UUID host = UUID.randomUUID();
        UUID loud = UUID.randomUUID();
        String room = createRoom(host, "Muted before", "PUBLIC").path("id").asString();
        TestSocket h = joined(host, room);
        h.await("state");
        TestSocket l = joined(loud, room);
        assertThat(l.await("state").path("listeners").asInt()).isEqualTo(2);
        h.send("mute", "roomId", room, "userId", loud);
        l.await("moderation", f -> f.path("action").asString().equals("muted"));

        // Both leave: this instance forgets the room, and the next join reads the muted members from the database.
        l.close();
        h.close();
        for (int i = 0; i < 50 && ok(get("/api/rooms/" + room, null)).path("listeners").asInt() > 0; i++) {
            Thread.sleep(100);
        }
        TestSocket back = joined(loud, room);
        assertThat(back.await("state").path("listeners").asInt()).isEqualTo(1);
        back.send("react", "roomId", room, "kind", "clap");
        assertThat(back.awaitError()).isEqualTo("muted");
        back.close();
    }

    @Test
    void privateRoomsNeedTheKeyAndClosingARoomTellsItsListeners() throws Exception {
        UUID host = UUID.randomUUID();
        UUID friend = UUID.randomUUID();
        JsonNode created = createRoom(host, "Secret", "PRIVATE");
        String room = created.path("id").asString();
        String key = created.path("inviteKey").asString();
        assertThat(key).isNotBlank();

        assertThat(get("/api/rooms/" + room, friend).statusCode()).isEqualTo(404);
        assertThat(ok(get("/api/rooms", null)).path("items").findValuesAsString("id")).doesNotContain(room);
        TestSocket f = socket(friend);
        f.send("join", "roomId", room);
        assertThat(f.awaitError()).isEqualTo("room-not-found");
        f.send("join", "roomId", room, "key", key);
        f.await("state");
        JsonNode seen = ok(get("/api/rooms/" + room, friend));
        assertThat(seen.has("inviteKey")).isFalse();

        assertThat(patch("/api/rooms/" + room, friend, "{\"name\":\"Mine now\"}").statusCode()).isEqualTo(403);
        assertThat(ok(patch("/api/rooms/" + room, host, "{\"name\":\"Renamed\"}")).path("name").asString())
                .isEqualTo("Renamed");
        assertThat(delete("/api/rooms/" + room, friend).statusCode()).isEqualTo(403);
        assertThat(delete("/api/rooms/" + room, host).statusCode()).isEqualTo(204);
        assertThat(f.awaitError()).isEqualTo("room-closed");
        f.send("join", "roomId", room);
        assertThat(f.awaitError()).isEqualTo("room-closed");
    }

    // ---- which songs a room plays, and what comes next ----

    @Test
    void playAndQueueAddTakeOnlySongsThatAreReadyAndVisibleToTheRoom() throws Exception {
        UUID host = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        String room = createRoom(host, "Picky", "PUBLIC").path("id").asString();
        TestSocket h = joined(host, room);
        h.await("state");

        // Unknown, someone else's private or unlisted song, a deleted one: the same answer, so a private song's
        // existence does not leak; nothing changes.
        UUID othersPrivate = song(other, Visibility.PRIVATE, 60_000);
        UUID othersUnlisted = song(other, Visibility.UNLISTED, 60_000);
        UUID deleted = song(other);
        roomTracks.deleted(new dev.lalala.events.track.TrackDeleted(deleted, other));
        for (UUID refused : List.of(UUID.randomUUID(), othersPrivate, othersUnlisted, deleted)) {
            h.send("play", "roomId", room, "trackId", refused);
            assertThat(h.await("error").path("code").asString()).as("play %s", refused).isEqualTo("track-not-found");
            h.send("queue.add", "roomId", room, "trackId", refused);
            assertThat(h.await("error").path("code").asString()).as("queue %s", refused).isEqualTo("track-not-found");
        }
        // The host's own song, still being processed: known to its owner, not playable yet.
        UUID processing = UUID.randomUUID();
        roomTracks.uploaded(new dev.lalala.events.track.TrackUploaded(processing, host, "Soon", "pop", List.of(),
                Visibility.PRIVATE, "soon.wav", 1_000));
        h.send("play", "roomId", room, "trackId", processing);
        JsonNode notReady = h.await("error");
        assertThat(notReady.path("code").asString()).isEqualTo("track-not-ready");
        assertThat(notReady.path("roomId").asString()).isEqualTo(room);
        h.expectNo("state", Duration.ofMillis(300));
        JsonNode untouched = ok(get("/api/rooms/" + room, null));
        assertThat(untouched.has("playback")).as(untouched.toString()).isFalse();

        // Refusals are not abuse: the socket stays open. A public song and the host's own private one play.
        UUID othersPublic = song(other, Visibility.PUBLIC, 60_000);
        UUID ownPrivate = song(host, Visibility.PRIVATE, 60_000);
        h.send("play", "roomId", room, "trackId", othersPublic);
        h.await("state", f -> othersPublic.toString().equals(f.path("trackId").asString()));
        h.send("queue.add", "roomId", room, "trackId", ownPrivate);
        assertThat(h.await("state", f -> f.path("queue").size() == 1).path("queue").get(0).asString())
                .isEqualTo(ownPrivate.toString());
    }

    @Test
    void aSongTrackServicePublishesOnKafkaBecomesPlayable() throws Exception {
        UUID host = UUID.randomUUID();
        UUID track = UUID.randomUUID();
        EventEnvelope<TrackPublished> event = EventEnvelope.of(TrackEvents.TRACK_PUBLISHED,
                TestTracks.published(track, host, Visibility.PUBLIC, 30_000));
        ProducerRecord<String, String> record = new ProducerRecord<>(TrackEvents.TOPIC, event.key(),
                EventJson.write(event));
        record.headers().add("event-type", event.type().getBytes(StandardCharsets.UTF_8));
        record.headers().add("event-id", event.id().toString().getBytes(StandardCharsets.UTF_8));
        kafka.send(record).get(10, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (roomTracks.find(track).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(roomTracks.find(track)).as("track.events reached the rooms' read model").isPresent()
                .get().satisfies(t -> {
                    assertThat(t.ready()).isTrue();
                    assertThat(t.durationMs()).isEqualTo(30_000);
                });

        String room = createRoom(host, "From Kafka", "PUBLIC").path("id").asString();
        TestSocket h = joined(host, room);
        h.await("state");
        h.send("play", "roomId", room, "trackId", track);
        assertThat(h.await("state", f -> track.toString().equals(f.path("trackId").asString()))
                .path("paused").asBoolean()).isFalse();
    }

    @Test
    void whenTheSongEndsTheRoomPlaysTheNextQueuedOneAndPausesAtTheEndOfTheQueue() throws Exception {
        UUID host = UUID.randomUUID();
        UUID shortSong = song(host, Visibility.PUBLIC, 1_200);
        UUID nextSong = song(host, Visibility.PUBLIC, 1_500);
        String room = createRoom(host, "Runs on", "PUBLIC").path("id").asString();
        TestSocket h = joined(host, room);
        h.await("state");
        TestSocket g = joined(UUID.randomUUID(), room);
        g.await("state");

        h.send("queue.add", "roomId", room, "trackId", nextSong);
        g.await("state", f -> f.path("queue").size() == 1);
        h.send("play", "roomId", room, "trackId", shortSong);
        long firstStarted = g.await("state", f -> shortSong.toString().equals(f.path("trackId").asString()))
                .path("startedAt").asLong();

        // Nobody touches anything: the first song ends and every listener gets the next one, from its start.
        JsonNode next = g.await("state", f -> nextSong.toString().equals(f.path("trackId").asString()),
                Duration.ofSeconds(5));
        assertThat(next.path("paused").asBoolean()).isFalse();
        assertThat(next.path("queue").isEmpty()).isTrue();
        assertThat(next.path("startedAt").asLong()).isGreaterThanOrEqualTo(firstStarted + 1_200);
        assertThat(next.path("startedAt").asLong() - firstStarted).as("moved on soon after the end (polls every 250 ms)")
                .isLessThan(1_200 + 3_000);
        h.await("state", f -> nextSong.toString().equals(f.path("trackId").asString()));

        // The queue is empty when that one ends: the room pauses at its end.
        JsonNode end = g.await("state", f -> f.path("paused").asBoolean(), Duration.ofSeconds(5));
        assertThat(end.path("trackId").asString()).isEqualTo(nextSong.toString());
        assertThat(end.path("positionMs").asLong()).isEqualTo(1_500);
        g.expectNo("state", Duration.ofMillis(800));

        // Play again: the song starts over from the top (resumed at its end, it would have started 1.5 s earlier).
        long sent = System.currentTimeMillis();
        h.send("play", "roomId", room);
        JsonNode again = g.await("state", f -> !f.path("paused").asBoolean());
        assertThat(again.path("trackId").asString()).isEqualTo(nextSong.toString());
        assertThat(again.path("startedAt").asLong()).isGreaterThanOrEqualTo(sent);
    }

    // ---- helpers ----

    /** A READY public song of this owner, a minute long. */
    UUID song(UUID owner) {
        return song(owner, Visibility.PUBLIC, 60_000);
    }

    UUID song(UUID owner, Visibility visibility, long durationMs) {
        UUID track = UUID.randomUUID();
        roomTracks.published(TestTracks.published(track, owner, visibility, durationMs));
        return track;
    }

    String ws() {
        return "ws://127.0.0.1:" + port + "/api/chat/ws";
    }

    TestSocket socket(UUID user) {
        TestSocket socket = TestSocket.open(ws(), TOKENS.tokenFor(user));
        sockets.add(socket);
        return socket;
    }

    TestSocket joined(UUID user, String room) {
        TestSocket socket = socket(user);
        socket.send("join", "roomId", room);
        return socket;
    }

    JsonNode createRoom(UUID host, String name, String visibility) {
        try {
            HttpResponse<String> response = post("/api/rooms", host,
                    "{\"name\":\"" + name + "\",\"visibility\":\"" + visibility + "\"}");
            assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
            return TestSocket.JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> post(String path, UUID user, String body) throws Exception {
        return send(request(path, user).POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> patch(String path, UUID user, String body) throws Exception {
        return send(request(path, user).method("PATCH", HttpRequest.BodyPublishers.ofString(body)));
    }

    HttpResponse<String> delete(String path, UUID user) throws Exception {
        return send(request(path, user).DELETE());
    }

    HttpResponse<String> get(String path, UUID user) throws Exception {
        return send(request(path, user).GET());
    }

    HttpRequest.Builder request(String path, UUID user) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Content-Type", "application/json");
        return user == null ? builder : builder.header("Authorization", "Bearer " + TOKENS.tokenFor(user));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestSocket.JSON.readTree(response.body());
    }
}
