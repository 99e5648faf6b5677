package dev.lalala.fleet.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.fleet.Fleet;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * A listening room through the gateway, with two chat-service instances behind it (the fleet suite runs
 * {@code --chat-instances 2}): the host's socket on one instance, the guest's on the other, so everything the guest
 * sees of the host went through Kafka's room.events and back.
 */
@ExtendWith(RunningFleet.class)
class RoomsJourneyIT {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static Fleet fleet;
    static Gateway gateway;

    final List<Socket> sockets = new ArrayList<>();

    @BeforeAll
    static void fleet(Fleet running) {
        fleet = running;
        gateway = new Gateway(running.gatewayUrl());
    }

    @AfterEach
    void close() {
        sockets.forEach(Socket::close);
    }

    @Test
    void aHostAndAGuestOnDifferentInstancesListenTalkAndClapTogether() throws Exception {
        assertThat(fleet.settings().chatInstances()).as("the fleet suite runs two chat instances").isEqualTo(2);
        Accounts.SignedIn host = Accounts.signUpVerified(fleet, gateway, "Hana Hosts");
        Accounts.SignedIn guest = Accounts.signUpVerified(fleet, gateway, "Gil Guests");

        // No token, no socket: 401 at the upgrade, through the gateway.
        assertThatThrownBy(() -> HTTP.newWebSocketBuilder().subprotocols("lalala.chat.v1")
                .buildAsync(URI.create(ws()), new WebSocket.Listener() { }).get(15, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class)
                .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse().statusCode())
                        .isEqualTo(401));

        JsonNode room = Gateway.json(Accounts.post(gateway, "/api/rooms", host.accessToken(),
                Accounts.body("name", "Friday night", "visibility", "PUBLIC")), 201);
        String roomId = room.path("id").asString();
        assertThat(room.path("hostId").asString()).isEqualTo(host.userId().toString());

        Socket h = open(host.accessToken());
        String hostInstance = h.await("hello", f -> true).path("instance").asString();
        Socket g = null;
        for (int attempt = 0; attempt < 4 && g == null; attempt++) {
            Socket candidate = open(guest.accessToken());
            if (!candidate.await("hello", f -> true).path("instance").asString().equals(hostInstance)) {
                g = candidate;
            } else {
                candidate.close();
            }
        }
        assertThat(g).as("the gateway puts the guest's socket on the other chat instance").isNotNull();

        h.send("{\"type\":\"join\",\"roomId\":\"" + roomId + "\"}");
        h.await("state", f -> true);
        g.send("{\"type\":\"join\",\"roomId\":\"" + roomId + "\"}");
        g.await("state", f -> true);
        // The host hears of the guest from the other instance.
        h.await("presence", f -> guest.userId().toString().equals(f.path("joined").asString()));

        // A room plays only songs that exist, are READY and are public or the host's own: a made-up id is refused.
        h.send("{\"type\":\"play\",\"roomId\":\"" + roomId + "\",\"trackId\":\"" + UUID.randomUUID() + "\"}");
        assertThat(h.await("error", f -> true).path("code").asString()).isEqualTo("track-not-found");
        // The host's song: uploaded, processed, and then known to chat-service from track.events (a moment later,
        // so play is retried while chat-service still answers track-not-found). 30 s long: it plays through the test.
        UUID track = UUID.fromString(Gateway.json(Tracks.upload(gateway, host.bearer(), Tracks.wav(30),
                new LinkedHashMap<>(Map.of("title", "Room Song", "genre", "electronic"))), 202).path("id").asString());
        Tracks.awaitReady(gateway, track, host, Duration.ofMinutes(3));
        long before = 0;
        JsonNode state = null;
        for (long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30); state == null; ) {
            before = System.currentTimeMillis();
            h.send("{\"type\":\"play\",\"roomId\":\"" + roomId + "\",\"trackId\":\"" + track + "\"}");
            JsonNode answer = h.await(null, f -> f.path("type").asString().equals("error")
                    || track.toString().equals(f.path("trackId").asString()));
            if (answer.path("type").asString().equals("state")) {
                state = g.await("state", f -> track.toString().equals(f.path("trackId").asString()));
            } else {
                assertThat(answer.path("code").asString()).isEqualTo("track-not-found");
                assertThat(System.nanoTime()).as("chat-service learns of the song within 30 s").isLessThan(deadline);
                Thread.sleep(500);
            }
        }
        assertThat(state.path("paused").asBoolean()).isFalse();
        assertThat(state.path("startedAt").asLong()).isBetween(before - 1000, System.currentTimeMillis());
        assertThat(state.path("hostId").asString()).isEqualTo(host.userId().toString());

        // Chat and a clap, both ways.
        g.send("{\"type\":\"chat\",\"roomId\":\"" + roomId + "\",\"text\":\"hello from the other side\"}");
        JsonNode chat = h.await("chat", f -> true);
        assertThat(chat.path("text").asString()).isEqualTo("hello from the other side");
        assertThat(chat.path("from").asString()).isEqualTo(guest.userId().toString());
        assertThat(chat.path("trackId").asString()).isEqualTo(track.toString());
        h.send("{\"type\":\"chat\",\"roomId\":\"" + roomId + "\",\"text\":\"welcome\"}");
        assertThat(g.await("chat", f -> f.path("text").asString().equals("welcome")).path("from").asString())
                .isEqualTo(host.userId().toString());
        g.send("{\"type\":\"react\",\"roomId\":\"" + roomId + "\",\"kind\":\"clap\"}");
        assertThat(h.await("reaction", f -> true).path("from").asString()).isEqualTo(guest.userId().toString());
        h.send("{\"type\":\"react\",\"roomId\":\"" + roomId + "\",\"kind\":\"mirrorball\"}");
        // (The guest first sees its own clap come back, in the room's order.)
        assertThat(g.await("reaction", f -> f.path("from").asString().equals(host.userId().toString()))
                .path("kind").asString()).isEqualTo("mirrorball");

        // The guest may not steer: an error frame, and the room plays on.
        g.send("{\"type\":\"skip\",\"roomId\":\"" + roomId + "\"}");
        assertThat(g.await("error", f -> true).path("code").asString()).isEqualTo("not-host");
        JsonNode after = Gateway.json(gateway.get("/api/rooms/" + roomId), 200);
        assertThat(after.path("playback").path("trackId").asString()).isEqualTo(track.toString());
        assertThat(after.path("playback").path("startedAt").asLong()).isEqualTo(state.path("startedAt").asLong());
        assertThat(after.path("listeners").asInt()).isEqualTo(2);

        // The history keeps both lines, with where the song was.
        JsonNode messages = Gateway.json(gateway.get("/api/rooms/" + roomId + "/messages"), 200);
        assertThat(messages.path("items").findValuesAsString("text"))
                .containsExactly("welcome", "hello from the other side");
    }

    String ws() {
        return gateway.base().replaceFirst("^http", "ws") + "/api/chat/ws";
    }

    Socket open(String token) throws Exception {
        Socket socket = new Socket(URI.create(ws()), token);
        sockets.add(socket);
        return socket;
    }

    /** A browser-like chat socket: the token as a subprotocol, frames collected as JSON. */
    static final class Socket {
        final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
        final WebSocket socket;

        Socket(URI uri, String token) throws Exception {
            socket = HTTP.newWebSocketBuilder().subprotocols("lalala.chat.v1", "bearer." + token)
                    .buildAsync(uri, new WebSocket.Listener() {
                        final StringBuilder partial = new StringBuilder();

                        @Override
                        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                            partial.append(data);
                            if (last) {
                                frames.add(Gateway.JSON.readTree(partial.toString()));
                                partial.setLength(0);
                            }
                            ws.request(1);
                            return null;
                        }
                    }).get(15, TimeUnit.SECONDS);
            assertThat(socket.getSubprotocol()).isEqualTo("lalala.chat.v1");
        }

        void send(String json) {
            socket.sendText(json, true).join();
        }

        /** The next frame of this type (any type when null) that passes the test. */
        JsonNode await(String type, Predicate<JsonNode> test) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            List<JsonNode> skipped = new ArrayList<>();
            while (System.nanoTime() < deadline) {
                JsonNode frame = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (frame == null) {
                    break;
                }
                if ((type == null || frame.path("type").asString().equals(type)) && test.test(frame)) {
                    return frame;
                }
                skipped.add(frame);
            }
            throw new AssertionError("no " + type + " frame; got " + skipped);
        }

        void close() {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
            socket.abort();
        }
    }
}
