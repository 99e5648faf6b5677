package dev.lalala.fleet.tests;

import static dev.lalala.fleet.tests.Gateway.json;
import static dev.lalala.fleet.tests.Gateway.problem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.fleet.Fleet;
import dev.lalala.fleet.FleetService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;

/**
 * The foundation, end to end: the whole fleet started as ./lalala up starts it, checked through the gateway only.
 * Every service is healthy and routed, WebSockets reach the two real-time services, and a stopped service is a
 * prompt 503 problem.
 */
@ExtendWith(RunningFleet.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FoundationFleetIT {

    static Fleet fleet;
    static Gateway gateway;

    @BeforeAll
    static void connect(Fleet running) {
        fleet = running;
        gateway = new Gateway(running.gatewayUrl());
    }

    @Test
    @Order(1)
    void everyServiceIsHealthyBehindTheGateway() {
        JsonNode health = json(gateway.get("/actuator/health/fleet"), 200);

        assertThat(health.path("status").asString()).isEqualTo("UP");
        for (FleetService service : FleetService.values()) {
            if (service != FleetService.GATEWAY) {
                assertThat(health.path("components").path("downstream").path("components").path(service.id())
                        .path("status").asString())
                        .as("%s in %s", service.id(), health).isEqualTo("UP");
            }
        }
    }

    @Test
    @Order(2)
    void everyRouteReachesItsServiceAndAnswersFromItsDatastore() {
        String unknown = UUID.randomUUID().toString();

        JsonNode jwks = json(gateway.get("/api/auth/.well-known/jwks.json"), 200);
        assertThat(jwks.path("keys").get(0).path("kty").asString()).isEqualTo("RSA");
        assertThat(jwks.path("keys").get(0).has("d")).isFalse();

        problem(gateway.get("/api/users/" + unknown), 404, "not-found");

        JsonNode counts = json(gateway.get("/api/follows/" + unknown + "/counts"), 200);
        assertThat(counts.path("followers").asInt()).isZero();
        problem(gateway.get("/api/feed"), 401, "unauthorized");

        JsonNode genres = json(gateway.get("/api/tracks/genres"), 200);
        assertThat(genres.isArray() ? genres : genres.path("items")).isNotEmpty();
        problem(gateway.get("/api/tracks/" + unknown), 404, "not-found");
        json(gateway.get("/api/charts/7d"), 200);
        problem(gateway.get("/api/charts/forever"), 400, "unknown-chart-window");

        problem(gateway.get("/api/stream/tracks/" + unknown + "/segments/0"), 404, "not-found");

        JsonNode rooms = json(gateway.get("/api/rooms"), 200);
        assertThat(rooms.path("items").isArray()).isTrue();

        JsonNode search = json(gateway.get("/api/search?q=dawn"), 200);
        assertThat(search.isObject()).isTrue();

        problem(gateway.get("/api/playlists/" + unknown), 404, "not-found");
    }

    @Test
    @Order(3)
    void aRequestsTraceIsFollowedThroughTheGatewayIntoTheService() {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        HttpResponse<String> response = gateway.get("/api/tracks/genres",
                "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().allValues("X-Trace-Id")).contains(traceId);
        JsonNode problem = problem(gateway.get("/api/playlists/" + UUID.randomUUID(),
                "traceparent", "00-" + traceId + "-00f067aa0ba902b7-01"), 404, "not-found");
        assertThat(problem.path("traceId").asString()).isEqualTo(traceId);
    }

    @ParameterizedTest
    @Order(4)
    @ValueSource(strings = {"streaming-service:/api/stream/ws", "chat-service:/api/chat/ws"})
    void webSocketUpgradesReachTheRealTimeServices(String serviceAndPath) throws Exception {
        String[] parts = serviceAndPath.split(":");
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10));
        boolean chat = parts[0].equals("chat-service");
        // Both sockets are authenticated at the handshake: the token travels as a subprotocol.
        Accounts.SignedIn listener = Accounts.signUpUnverified(gateway, "Socket Listener");
        builder.subprotocols(chat ? "lalala.chat.v1" : "lalala.stream.v1", "bearer." + listener.accessToken());
        WebSocket socket = builder
                .buildAsync(URI.create(gateway.base().replace("http://", "ws://") + parts[1]), new WebSocket.Listener() {
                    private final StringBuilder partial = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        partial.append(data);
                        if (last) {
                            received.add(partial.toString());
                            partial.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                })
                .get(15, TimeUnit.SECONDS);
        try {
            JsonNode hello = Gateway.JSON.readTree(received.poll(10, TimeUnit.SECONDS));
            assertThat(hello.path("type").asString()).isEqualTo("hello");
            assertThat(hello.path("service").asString()).isEqualTo(parts[0]);

            long t0 = System.currentTimeMillis();
            // Clock sync: the player socket answers ping with pong, the rooms socket answers time with time.
            socket.sendText(chat ? "{\"type\":\"time\",\"clientSentAt\":" + t0 + "}"
                    : "{\"type\":\"ping\",\"t0\":" + t0 + "}", true).get(5, TimeUnit.SECONDS);
            JsonNode pong = Gateway.JSON.readTree(received.poll(10, TimeUnit.SECONDS));
            assertThat(pong.path("type").asString()).isEqualTo(chat ? "time" : "pong");
            assertThat(pong.path(chat ? "clientSentAt" : "t0").asLong()).isEqualTo(t0);
            assertThat(pong.path("serverTime").asLong()).isCloseTo(System.currentTimeMillis(),
                    org.assertj.core.data.Offset.offset(10_000L));
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(5, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(5)
    void theApiDocsOfEveryServiceAreGatheredAtTheGateway() {
        for (FleetService service : FleetService.values()) {
            if (service == FleetService.GATEWAY) {
                continue;
            }
            JsonNode docs = json(gateway.get("/v3/api-docs/" + service.id()), 200);
            assertThat(docs.path("openapi").asString()).as(service.id()).startsWith("3.");
            assertThat(docs.path("paths").size()).as("paths of %s", service.id()).isPositive();
        }
        HttpResponse<String> ui = gateway.send(HttpRequest.newBuilder(
                URI.create(gateway.base() + "/swagger-ui.html")).GET().build());
        assertThat(ui.statusCode()).isIn(200, 302);
    }

    @Test
    @Order(6)
    void theWebAppsOriginIsAllowedAndOthersAreNot() {
        HttpResponse<String> allowed = gateway.send(HttpRequest.newBuilder(URI.create(gateway.base() + "/api/tracks/genres"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:5173")
                .header("Access-Control-Request-Method", "GET").build());
        HttpResponse<String> foreign = gateway.send(HttpRequest.newBuilder(URI.create(gateway.base() + "/api/tracks/genres"))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "https://evil.example")
                .header("Access-Control-Request-Method", "GET").build());

        assertThat(allowed.headers().firstValue("Access-Control-Allow-Origin")).contains("http://localhost:5173");
        assertThat(foreign.headers().firstValue("Access-Control-Allow-Origin")).isEmpty();
    }

    @Test
    @Order(100)
    void aStoppedServiceIsAPrompt503ProblemAndComesBack() {
        fleet.stop(FleetService.PLAYLIST);
        try {
            long t0 = System.nanoTime();
            JsonNode body = problem(gateway.get("/api/playlists/" + UUID.randomUUID()), 503, "service-unavailable");
            long millis = (System.nanoTime() - t0) / 1_000_000;

            assertThat(millis).as("answered in %d ms", millis).isLessThan(5_000);
            assertThat(body.path("detail").asString()).contains("playlist");
            JsonNode health = Gateway.JSON.readTree(gateway.get("/actuator/health/fleet").body());
            assertThat(health.path("components").path("downstream").path("components").path("playlist-service")
                    .path("status").asString())
                    .isEqualTo("DOWN");
            assertThat(gateway.get("/api/tracks/genres").statusCode()).as("the others keep serving").isEqualTo(200);
        } finally {
            fleet.start(FleetService.PLAYLIST);
            fleet.awaitReady(FleetService.PLAYLIST, Duration.ofMinutes(3));
        }
        problem(gateway.get("/api/playlists/" + UUID.randomUUID()), 404, "not-found");
    }
}
