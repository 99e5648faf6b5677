package dev.lalala.chat;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.chat.track.RoomTracks;
import dev.lalala.events.Visibility;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.testsupport.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Two chat-service instances (this test's, "A", and a second application context, "B", on the same MariaDB and
 * Kafka): a room's frames cross between them through room.events in one order, and B restarted keeps the history
 * and resumes the room; B going down closes its sockets with 1012.
 */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA}, databases = "chat")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "lalala.chat.instance-id=chat-service-a")
class TwoInstancesIT {

    static final TestTokens TOKENS = new TestTokens();

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("lalala.security.jwk-set-uri", TOKENS::jwkSetUri);
    }

    @AfterAll
    static void stopTokens() {
        TOKENS.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    Environment environment;

    @Autowired
    RoomTracks roomTracks;

    final HttpClient http = HttpClient.newHttpClient();

    ConfigurableApplicationContext startB() {
        // Command-line arguments: the highest precedence, and split at the first '=' only (a password may hold any
        // character).
        List<String> args = new ArrayList<>();
        for (String key : List.of("spring.datasource.url", "spring.datasource.username", "spring.datasource.password",
                "spring.kafka.bootstrap-servers", "lalala.security.jwk-set-uri")) {
            args.add("--" + key + "=" + environment.getRequiredProperty(key));
        }
        args.add("--server.port=0");
        args.add("--lalala.chat.instance-id=chat-service-b");
        args.add("--lalala.kafka.instance-id=chat-service-b");
        return new SpringApplicationBuilder(ChatServiceApplication.class).run(args.toArray(String[]::new));
    }

    static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
    }

    @Test
    void framesCrossInstancesInOneOrderAndARestartedInstanceResumesTheRoom() throws Exception {
        ConfigurableApplicationContext b = startB();
        List<TestSocket> sockets = new ArrayList<>();
        try {
            UUID host = UUID.randomUUID();
            UUID guest = UUID.randomUUID();
            String room = createRoom(host);
            TestSocket h = TestSocket.open("ws://127.0.0.1:" + port + "/api/chat/ws", TOKENS.tokenFor(host));
            sockets.add(h);
            assertThat(h.await("hello").path("instance").asString()).isEqualTo("chat-service-a");
            TestSocket g = TestSocket.open("ws://127.0.0.1:" + port(b) + "/api/chat/ws", TOKENS.tokenFor(guest));
            sockets.add(g);
            assertThat(g.await("hello").path("instance").asString()).isEqualTo("chat-service-b");
            h.send("join", "roomId", room);
            h.await("state");
            g.send("join", "roomId", room);
            g.await("state");

            // B's consumer group starts at the newest event once Kafka has assigned it the partitions: wait for that
            // by seeing A's presence event arrive at A (same topic), then B's own join at A.
            h.await("presence", f -> guest.toString().equals(f.path("joined").asString()), Duration.ofSeconds(30));

            // Both sides talk at once; each socket sees all lines, both in the same order, each side's in its order.
            for (int i = 0; i < 10; i++) {
                h.send("chat", "roomId", room, "text", "h" + i);
                g.send("chat", "roomId", room, "text", "g" + i);
                Thread.sleep(220);
            }
            List<String> atHost = new ArrayList<>();
            List<String> atGuest = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                atHost.add(h.await("chat").path("text").asString());
                atGuest.add(g.await("chat").path("text").asString());
            }
            assertThat(atGuest).as("one order for every instance").isEqualTo(atHost);
            assertThat(atHost.stream().filter(t -> t.startsWith("h")).toList())
                    .containsExactly("h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9");
            assertThat(atHost.stream().filter(t -> t.startsWith("g")).toList())
                    .containsExactly("g0", "g1", "g2", "g3", "g4", "g5", "g6", "g7", "g8", "g9");

            // Auto-advance, once: both instances look for rooms whose song ended; one moves the room on, and each
            // listener gets exactly one state for it. Were it done twice, the room would skip straight to the third.
            UUID opener = song(host, 1_500);
            UUID track = song(host, 600_000);
            UUID third = song(host, 600_000);
            h.send("queue.add", "roomId", room, "trackId", track);
            h.send("queue.add", "roomId", room, "trackId", third);
            g.await("state", f -> f.path("queue").size() == 2);
            h.send("play", "roomId", room, "trackId", opener);
            g.await("state", f -> opener.toString().equals(f.path("trackId").asString()));
            h.await("state", f -> opener.toString().equals(f.path("trackId").asString()));
            long startedAt = g.await("state", f -> track.toString().equals(f.path("trackId").asString()),
                    Duration.ofSeconds(10)).path("startedAt").asLong();
            assertThat(h.await("state", f -> track.toString().equals(f.path("trackId").asString()))
                    .path("startedAt").asLong()).isEqualTo(startedAt);
            g.expectNo("state", Duration.ofSeconds(2));
            h.expectNo("state", Duration.ofMillis(100));
            g.send("react", "roomId", room, "kind", "fire");
            assertThat(h.await("reaction").path("kind").asString()).isEqualTo("fire");

            // B goes down: its socket is told to come back (1012), not dropped.
            b.close();
            assertThat(g.awaitClose()).isEqualTo(1012);

            b = startB();
            TestSocket again = TestSocket.open("ws://127.0.0.1:" + port(b) + "/api/chat/ws", TOKENS.tokenFor(guest));
            sockets.add(again);
            again.send("join", "roomId", room);
            JsonNode state = again.await("state");
            assertThat(state.path("trackId").asString()).isEqualTo(track.toString());
            assertThat(state.path("startedAt").asLong()).isEqualTo(startedAt);
            assertThat(state.path("listeners").asInt()).as("the guest's old socket was forgotten").isEqualTo(2);

            HttpResponse<String> history = http.send(HttpRequest.newBuilder(URI.create(
                    "http://127.0.0.1:" + port(b) + "/api/rooms/" + room + "/messages?limit=100")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(history.statusCode()).isEqualTo(200);
            List<String> kept = new ArrayList<>(TestSocket.JSON.readTree(history.body()).path("items")
                    .findValuesAsString("text"));
            java.util.Collections.reverse(kept);
            // History is ordered by the server time each line was stamped with; two lines said at the same moment on
            // two instances may sit in either order there (the live order is Kafka's), each side's own order holds.
            assertThat(kept).as("no message lost across the restart").containsExactlyInAnyOrderElementsOf(atHost);
            assertThat(kept.stream().filter(t -> t.startsWith("h")).toList())
                    .containsExactly("h0", "h1", "h2", "h3", "h4", "h5", "h6", "h7", "h8", "h9");
            assertThat(kept.stream().filter(t -> t.startsWith("g")).toList())
                    .containsExactly("g0", "g1", "g2", "g3", "g4", "g5", "g6", "g7", "g8", "g9");
        } finally {
            sockets.forEach(TestSocket::close);
            b.close();
        }
    }

    UUID song(UUID owner, long durationMs) {
        UUID track = UUID.randomUUID();
        roomTracks.published(TestTracks.published(track, owner, Visibility.PUBLIC, durationMs));
        return track;
    }

    String createRoom(UUID host) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/rooms"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKENS.tokenFor(host))
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"Across\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return TestSocket.JSON.readTree(response.body()).path("id").asString();
    }
}
