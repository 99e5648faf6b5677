package dev.lalala.gateway.support;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.databind.json.JsonMapper;

/**
 * A stand-in for one LALALA service: a real Reactor Netty server on a free port that records every request it gets.
 * What it answers depends on the path's last segment:
 * <ul>
 *   <li>{@code /actuator/health/readiness}: {@code {"status":"UP"}}</li>
 *   <li>{@code /v3/api-docs}: a small OpenAPI document titled with the service's name</li>
 *   <li>{@code .../missing}: a 404 problem+json ({@link #MISSING_PROBLEM})</li>
 *   <li>{@code .../boom}: a 500 problem+json ({@link #BOOM_PROBLEM})</li>
 *   <li>{@code ...?delayMs=n}: the echo, after n ms</li>
 *   <li>anything else: 200 with the request echoed back as JSON (and a CORS header, which the gateway must drop)</li>
 *   <li>WebSocket paths: a "welcome &lt;subprotocol&gt;" text frame, then text frames echoed as "echo:&lt;text&gt;" and
 *       binary frames echoed as they are; the server speaks subprotocol {@link #SUBPROTOCOL} only; "bye", "die",
 *       "reset" and "garbage" end the session in four ways (see {@code webSocket})</li>
 * </ul>
 */
public final class StubService implements AutoCloseable {

    public static final String SUBPROTOCOL = "lalala.v1";
    public static final String MISSING_PROBLEM = "{\"type\":\"https://lalala.dev/problems/not-found\",\"title\":\"Not found\","
            + "\"status\":404,\"detail\":\"track 42 does not exist\",\"instance\":\"/api/x\",\"traceId\":\"from-service\"}";
    public static final String BOOM_PROBLEM = "{\"type\":\"https://lalala.dev/problems/internal\",\"title\":\"Internal error\","
            + "\"status\":500,\"detail\":\"Something went wrong on our side.\"}";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One request as the service saw it. */
    public record Seen(String method, String uri, String path, String query, Map<String, List<String>> headers,
            String body) {

        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> e.getValue().get(0))
                    .findFirst().orElse(null);
        }
    }

    private final String name;
    private final DisposableServer server;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final AtomicInteger webSocketHandshakes = new AtomicInteger();
    private final List<WebSocketCloseStatus> closesReceived = new CopyOnWriteArrayList<>();

    public StubService(String name, List<String> webSocketPaths) {
        this.name = name;
        WebsocketServerSpec ws = WebsocketServerSpec.builder().protocols(SUBPROTOCOL)
                .maxFramePayloadLength(8 * 1024 * 1024).build();
        this.server = HttpServer.create().host("127.0.0.1").port(0)
                .route(routes -> {
                    for (String path : webSocketPaths) {
                        routes.ws(path, this::webSocket, ws);
                    }
                    routes.get("/actuator/health/readiness", (req, res) -> json(res, 200, "{\"status\":\"UP\"}"))
                            .get("/v3/api-docs", (req, res) -> {
                                record(req, "");
                                return json(res, 200, apiDocs());
                            })
                            .route(req -> true, this::handle);
                })
                .bindNow(Duration.ofSeconds(10));
    }

    public String name() {
        return name;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public List<Seen> seen(Predicate<Seen> which) {
        return seen.stream().filter(which).toList();
    }

    public List<Seen> seenPath(String path) {
        return seen(s -> s.path().equals(path));
    }

    /** Close frames the service's WebSocket side received, oldest first. */
    public List<WebSocketCloseStatus> closesReceived() {
        return List.copyOf(closesReceived);
    }

    public int webSocketHandshakes() {
        return webSocketHandshakes.get();
    }

    private Mono<Void> handle(HttpServerRequest request, HttpServerResponse response) {
        return request.receive().aggregate().asString(StandardCharsets.UTF_8).defaultIfEmpty("")
                .flatMap(body -> {
                    Seen s = record(request, body);
                    String last = s.path().substring(s.path().lastIndexOf('/') + 1);
                    if (last.equals("missing")) {
                        return problem(response, 404, MISSING_PROBLEM);
                    }
                    if (last.equals("boom")) {
                        return problem(response, 500, BOOM_PROBLEM);
                    }
                    Mono<Void> echo = Mono.defer(() -> {
                        response.header("Access-Control-Allow-Origin", "*");
                        return json(response, 200, JSON.writeValueAsString(Map.of(
                                "service", name, "method", s.method(), "path", s.path(), "query", s.query(),
                                "bodyLength", body.length(), "body", body.length() > 4096 ? "(long)" : body)));
                    });
                    String delay = queryParam(s.query(), "delayMs");
                    return delay == null ? echo : Mono.delay(Duration.ofMillis(Long.parseLong(delay))).then(echo);
                });
    }

    private Seen record(HttpServerRequest request, String body) {
        String uri = request.uri();
        int q = uri.indexOf('?');
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        request.requestHeaders().forEach(e -> headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT),
                k -> new java.util.ArrayList<>()).add(e.getValue()));
        Seen s = new Seen(request.method().name(), uri, q < 0 ? uri : uri.substring(0, q),
                q < 0 ? "" : uri.substring(q + 1), headers, body);
        seen.add(s);
        return s;
    }

    private org.reactivestreams.Publisher<Void> webSocket(WebsocketInbound in, WebsocketOutbound out) {
        webSocketHandshakes.incrementAndGet();
        Map<String, List<String>> headers = new java.util.LinkedHashMap<>();
        in.headers().forEach(e -> headers.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT),
                k -> new java.util.ArrayList<>()).add(e.getValue()));
        seen.add(new Seen("GET", "ws", "ws", "", headers, ""));
        in.receiveCloseStatus().subscribe(closesReceived::add);
        // "bye" ends the session with an application close code, as a service would when a token expires; "die"
        // drops the connection without a close frame (a killed process), "reset" drops it with a TCP reset, and
        // "garbage" sends bytes that are no WebSocket frame.
        Flux<WebSocketFrame> echoes = in.receiveFrames()
                .filter(f -> f instanceof TextWebSocketFrame || f instanceof BinaryWebSocketFrame)
                .concatMap(f -> {
                    if (f instanceof TextWebSocketFrame text && text.text().equals("bye")) {
                        return out.sendClose(4401, "session over").then(Mono.<WebSocketFrame>empty());
                    }
                    if (f instanceof TextWebSocketFrame text && text.text().equals("die")) {
                        in.withConnection(c -> c.channel().close());
                        return Mono.<WebSocketFrame>empty();
                    }
                    if (f instanceof TextWebSocketFrame text && text.text().equals("reset")) {
                        in.withConnection(c -> {
                            c.channel().config().setOption(io.netty.channel.ChannelOption.SO_LINGER, 0);
                            c.channel().close();
                        });
                        return Mono.<WebSocketFrame>empty();
                    }
                    if (f instanceof TextWebSocketFrame text && text.text().equals("garbage")) {
                        // Opcode 0x3 is reserved: no WebSocket endpoint may send it.
                        in.withConnection(c -> c.channel().writeAndFlush(
                                io.netty.buffer.Unpooled.wrappedBuffer(new byte[] {(byte) 0x83, 0x01, 0x00})));
                        return Mono.<WebSocketFrame>empty();
                    }
                    return Mono.just(f instanceof TextWebSocketFrame text
                            ? new TextWebSocketFrame("echo:" + text.text())
                            : new BinaryWebSocketFrame(io.netty.buffer.Unpooled.wrappedBuffer(
                                    ByteBufUtil.getBytes(f.content()))));
                });
        return out.sendObject(Flux.concat(Mono.just(new TextWebSocketFrame("welcome " + in.selectedSubprotocol())),
                echoes));
    }

    private String apiDocs() {
        return "{\"openapi\":\"3.1.0\",\"info\":{\"title\":\"" + name + "\",\"version\":\"1\"},"
                + "\"servers\":[{\"url\":\"http://" + name + ":8080\"}],"
                + "\"paths\":{\"/api/" + name + "/things\":{\"get\":{\"responses\":{\"200\":{\"description\":\"ok\"}}}}}}";
    }

    private static Mono<Void> json(HttpServerResponse response, int status, String body) {
        return response.status(status).header("Content-Type", "application/json")
                .sendString(Mono.just(body)).then();
    }

    private static Mono<Void> problem(HttpServerResponse response, int status, String body) {
        return response.status(status).header("Content-Type", "application/problem+json")
                .header("X-Stub", "problem")
                .sendString(Mono.just(body)).then();
    }

    private static String queryParam(String query, String name) {
        for (String pair : query.split("&")) {
            if (pair.startsWith(name + "=")) {
                return pair.substring(name.length() + 1);
            }
        }
        return null;
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }
}
