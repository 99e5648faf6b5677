package dev.lalala.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.gateway.support.RawHttp;
import dev.lalala.gateway.support.StubService;
import dev.lalala.gateway.websocket.WebSocketRelayMetrics;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import org.springframework.beans.factory.annotation.Autowired;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.client.WebsocketClientSpec;

/**
 * WebSockets through the gateway: upgrade, text and binary frames both ways (a binary frame the size of a streaming
 * segment included), the subprotocols offered reach the service, and the client gets the one the service chose.
 */
class WebSocketIT extends LiveFleetTestBase {

    @Autowired
    WebSocketRelayMetrics metrics;

    @Autowired
    MeterRegistry registry;

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"/api/stream/ws, streaming", "/api/chat/ws, chat"})
    void framesTravelBothWaysAndTheServicesSubprotocolComesBack(String path, String key) {
        StubService service = FLEET.service(key);
        int handshakesBefore = service.webSocketHandshakes();
        String token = FLEET.jwks().token();
        byte[] segment = new byte[900 * 1024];
        new Random(42).nextBytes(segment);
        AtomicReference<String> negotiated = new AtomicReference<>();

        List<Object> received = HttpClient.create()
                .headers(h -> h.set("Origin", "http://localhost:5173"))
                .websocket(WebsocketClientSpec.builder()
                        // The token first: a gateway that answers with the first offer would hand it back.
                        .protocols("bearer." + token + ", " + StubService.SUBPROTOCOL)
                        .maxFramePayloadLength(8 * 1024 * 1024).build())
                .uri("ws://127.0.0.1:" + port + path)
                .handle((in, out) -> {
                    negotiated.set(in.selectedSubprotocol());
                    Mono<Void> send = out.sendObject(Flux.just(
                            new TextWebSocketFrame("play {\"trackId\":\"t1\"}"),
                            new BinaryWebSocketFrame(Unpooled.wrappedBuffer(segment)))).then();
                    Mono<List<Object>> receive = in.receiveFrames()
                            .filter(f -> f instanceof TextWebSocketFrame || f instanceof BinaryWebSocketFrame)
                            .take(3)
                            .map(WebSocketIT::content)
                            .collectList();
                    return send.then(receive);
                })
                .blockLast(Duration.ofSeconds(20));

        assertThat(negotiated.get()).isEqualTo(StubService.SUBPROTOCOL);
        assertThat(received).hasSize(3);
        assertThat(received.get(0)).isEqualTo("welcome " + StubService.SUBPROTOCOL);
        assertThat(received.get(1)).isEqualTo("echo:play {\"trackId\":\"t1\"}");
        assertThat((byte[]) received.get(2)).isEqualTo(segment);

        assertThat(service.webSocketHandshakes()).isEqualTo(handshakesBefore + 1);
        StubService.Seen handshake = service.seen(s -> s.path().equals("ws")).getLast();
        assertThat(handshake.header("sec-websocket-protocol").split("\\s*,\\s*"))
                .containsExactly("bearer." + token, StubService.SUBPROTOCOL);
        assertThat(handshake.header("traceparent")).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]");
    }

    /** A client talks as soon as it has the 101: its first frame must not fall between the HTTP and WS handlers. */
    @RepeatedTest(25)
    void theFirstFrameSentRightAfterTheUpgradeIsNeverLost() {
        String reply = HttpClient.create()
                .websocket(WebsocketClientSpec.builder().protocols(StubService.SUBPROTOCOL).build())
                .uri("ws://127.0.0.1:" + port + "/api/chat/ws")
                .handle((in, out) -> out.sendObject(Mono.just(new TextWebSocketFrame("hi"))).then()
                        .thenMany(in.receiveFrames().ofType(TextWebSocketFrame.class).map(TextWebSocketFrame::text)
                                .filter(text -> text.startsWith("echo:")).take(1)))
                .blockLast(Duration.ofSeconds(10));
        assertThat(reply).isEqualTo("echo:hi");
    }

    @Test
    void aCloseCodeFromTheServiceReachesTheClient() {
        WebSocketCloseStatus status = HttpClient.create()
                .websocket(WebsocketClientSpec.builder().protocols(StubService.SUBPROTOCOL).build())
                .uri("ws://127.0.0.1:" + port + "/api/stream/ws")
                .handle((in, out) -> out.sendObject(Mono.just(new TextWebSocketFrame("bye"))).then()
                        .then(in.receiveCloseStatus()))
                .blockLast(Duration.ofSeconds(10));
        assertThat(status.code()).isEqualTo(4401);
        assertThat(status.reasonText()).isEqualTo("session over");
    }

    /** A killed or restarted service: the player must hear "reconnect", not a bare 1005/1006. */
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"/api/stream/ws, die, streaming-service", "/api/stream/ws, reset, streaming-service",
            "/api/chat/ws, die, chat-service"})
    void whenTheServiceGoesAwayTheClientIsToldToReconnect(String path, String how, String service) {
        int openBefore = metrics.open(service);
        WebSocketCloseStatus status = closeStatusAfterSending(path, how);
        assertThat(status.code()).isEqualTo(1012);
        assertThat(status.reasonText()).isEqualTo(service + " went away, reconnect");
        awaitOpen(service, openBefore);
    }

    @Test
    void aServiceThatBreaksTheProtocolEndsTheClientsSocketWith1011() {
        WebSocketCloseStatus status = closeStatusAfterSending("/api/stream/ws", "garbage");
        assertThat(status.code()).isEqualTo(1011);
        assertThat(status.reasonText()).contains("streaming-service").contains("reconnect");
    }

    @Test
    void theClientsCloseCodeAndReasonReachTheService() {
        StubService service = FLEET.service("streaming");
        int before = service.closesReceived().size();
        WebSocketCloseStatus answer = HttpClient.create()
                .websocket(WebsocketClientSpec.builder().protocols(StubService.SUBPROTOCOL).build())
                .uri("ws://127.0.0.1:" + port + "/api/stream/ws")
                .handle((in, out) -> out.sendClose(4000, "done listening").then(in.receiveCloseStatus()))
                .blockLast(Duration.ofSeconds(10));
        awaitCondition(() -> service.closesReceived().size() > before);
        WebSocketCloseStatus seen = service.closesReceived().get(before);
        assertThat(seen.code()).isEqualTo(4000);
        assertThat(seen.reasonText()).isEqualTo("done listening");
        // The service's answer to the closing handshake comes back through the gateway.
        assertThat(answer.code()).isEqualTo(4000);
    }

    /**
     * After its first frame the relay reads the sockets' bytes itself (no frame decoder): every length encoding (7-bit,
     * 16-bit, 64-bit), frames split across reads and many in one read, both ways, byte-exact, then a close frame read
     * raw from each side (the client's masked, the service's answer unmasked) with its code and reason.
     */
    @Test
    void framesOfEveryLengthEncodingPassRawBothWaysAndSoDoCloses() {
        StubService service = FLEET.service("streaming");
        int closesBefore = service.closesReceived().size();
        int[] sizes = {0, 1, 125, 126, 127, 65535, 65536, 70000, 390 * 1024, 3, 2 * 1024 * 1024};
        List<byte[]> sent = new java.util.ArrayList<>();
        Random random = new Random(19);
        for (int size : sizes) {
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            sent.add(payload);
        }
        AtomicReference<WebSocketCloseStatus> answer = new AtomicReference<>();
        List<byte[]> echoed = new java.util.concurrent.CopyOnWriteArrayList<>();
        HttpClient.create()
                .websocket(WebsocketClientSpec.builder().protocols(StubService.SUBPROTOCOL)
                        .maxFramePayloadLength(4 * 1024 * 1024).build())
                .uri("ws://127.0.0.1:" + port + "/api/stream/ws")
                .handle((in, out) -> {
                    in.receiveCloseStatus().subscribe(answer::set);
                    Mono<Void> send = out.sendObject(Flux.concat(Mono.just(new TextWebSocketFrame("first")),
                            Flux.fromIterable(sent).map(b -> new BinaryWebSocketFrame(Unpooled.wrappedBuffer(b)))))
                            .then();
                    // Never cancel the inbound (Reactor Netty would close with an empty frame): close after the
                    // last echo, and the inbound ends with the service's answer.
                    return send.thenMany(in.receiveFrames().ofType(BinaryWebSocketFrame.class)
                            .map(f -> ByteBufUtil.getBytes(f.content()))
                            .concatMap(bytes -> {
                                echoed.add(bytes);
                                return echoed.size() == sizes.length
                                        ? out.sendClose(4001, "raw close, ünïcode") : Mono.<Void>empty();
                            }));
                })
                .blockLast(Duration.ofSeconds(30));
        assertThat(echoed).hasSize(sizes.length);
        for (int i = 0; i < sizes.length; i++) {
            assertThat(echoed.get(i)).as("frame of %d bytes", sizes[i]).isEqualTo(sent.get(i));
        }
        // The stub's closes are shared with the other tests' sockets, whose ends may still be arriving: look for ours.
        awaitCondition(() -> closesSince(service, closesBefore).stream().anyMatch(c -> c.code() == 4001));
        assertThat(closesSince(service, closesBefore)).filteredOn(c -> c.code() == 4001).first()
                .extracting(WebSocketCloseStatus::reasonText).isEqualTo("raw close, ünïcode");
        awaitCondition(() -> answer.get() != null);
        assertThat(answer.get().code()).isEqualTo(4001);
    }

    /** Once the relay reads raw, it still checks what the client sends: an unmasked frame ends the socket with 1002. */
    @Test
    void anUnmaskedFrameFromTheClientIsAProtocolErrorAndTheServiceHearsGoingAway() throws Exception {
        StubService service = FLEET.service("streaming");
        int closesBefore = service.closesReceived().size();
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            var in = new java.io.DataInputStream(socket.getInputStream());
            out.write(("GET /api/stream/ws HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Protocol: " + StubService.SUBPROTOCOL + "\r\n\r\n")
                    .getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.readUnsignedByte());
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101");
            assertThat(readText(in)).isEqualTo("welcome " + StubService.SUBPROTOCOL);
            // A masked frame first (Reactor Netty's decoder reads it; the relay reads raw from here on).
            out.write(new byte[] {(byte) 0x81, (byte) 0x82, 1, 2, 3, 4, 'h' ^ 1, 'i' ^ 2});
            assertThat(readText(in)).isEqualTo("echo:hi");
            out.write(new byte[] {(byte) 0x81, 0x02, 'n', 'o'});
            int first = in.readUnsignedByte();
            int length = in.readUnsignedByte();
            byte[] payload = in.readNBytes(length);
            assertThat(first).isEqualTo(0x88);
            assertThat(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF)).isEqualTo(1002);
        }
        awaitCondition(() -> closesSince(service, closesBefore).stream().anyMatch(c -> c.code() == 1001));
        assertThat(closesSince(service, closesBefore)).extracting(WebSocketCloseStatus::code).contains(1001);
    }

    private static List<WebSocketCloseStatus> closesSince(StubService service, int before) {
        List<WebSocketCloseStatus> all = service.closesReceived();
        return all.subList(Math.min(before, all.size()), all.size());
    }

    /** One unmasked text frame of under 126 bytes, as a server sends it. */
    private static String readText(java.io.DataInputStream in) throws java.io.IOException {
        assertThat(in.readUnsignedByte()).isEqualTo(0x81);
        int length = in.readUnsignedByte();
        return new String(in.readNBytes(length), java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void aClientThatVanishesEndsTheServicesSideWithGoingAway() {
        StubService service = FLEET.service("streaming");
        int before = service.closesReceived().size();
        reactor.core.Disposable client = HttpClient.create()
                .websocket(WebsocketClientSpec.builder().protocols(StubService.SUBPROTOCOL).build())
                .uri("ws://127.0.0.1:" + port + "/api/stream/ws")
                // The TCP connection goes, no close frame (a tab closed, a phone out of coverage).
                .handle((in, out) -> out.sendObject(Mono.just(new TextWebSocketFrame("still here"))).then()
                        .then(Mono.fromRunnable(() -> in.withConnection(c -> c.channel().close())))
                        .then(Mono.never()))
                .subscribe();
        awaitCondition(() -> service.closesReceived().size() > before);
        client.dispose();
        assertThat(service.closesReceived()).hasSizeGreaterThan(before);
        WebSocketCloseStatus seen = service.closesReceived().get(before);
        assertThat(seen.code()).isEqualTo(1001);
        assertThat(seen.reasonText()).isEqualTo("client went away");
    }

    /** Audio does not compress: an offered permessage-deflate is never negotiated, and frames stay byte-exact. */
    @Test
    void noCompressionIsNegotiatedAndTheRelayCountsTheBytes() {
        double toServiceBefore = bytes("to-service");
        double toClientBefore = bytes("to-client");
        byte[] segment = new byte[400 * 1024];
        new Random(7).nextBytes(segment);
        AtomicReference<String> extensions = new AtomicReference<>();
        byte[] echoed = HttpClient.create()
                .websocket(WebsocketClientSpec.builder().protocols(StubService.SUBPROTOCOL).compress(true)
                        .maxFramePayloadLength(1024 * 1024).build())
                .uri("ws://127.0.0.1:" + port + "/api/stream/ws")
                .handle((in, out) -> {
                    extensions.set(((HttpClientResponse) in).responseHeaders().get("Sec-WebSocket-Extensions"));
                    return out.sendObject(Mono.just(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(segment))))
                            .then().thenMany(in.receiveFrames().ofType(BinaryWebSocketFrame.class).take(1)
                                    .map(f -> ByteBufUtil.getBytes(f.content())));
                })
                .blockLast(Duration.ofSeconds(10));
        assertThat(extensions.get()).isNull();
        assertThat(echoed).isEqualTo(segment);
        assertThat(bytes("to-service") - toServiceBefore).isEqualTo(segment.length);
        // The welcome text, then the echo.
        assertThat(bytes("to-client") - toClientBefore)
                .isEqualTo(segment.length + ("welcome " + StubService.SUBPROTOCOL).length());
    }

    @Test
    void anUpgradeFromAnOriginNotOnTheListIsRefusedBeforeReachingTheService() throws Exception {
        StubService service = FLEET.service("chat");
        int handshakesBefore = service.webSocketHandshakes();
        String response = RawHttp.exchange(port,
                "GET /api/chat/ws HTTP/1.1",
                "Host: 127.0.0.1:" + port,
                "Origin: https://evil.example",
                "Connection: Upgrade",
                "Upgrade: websocket",
                "Sec-WebSocket-Version: 13",
                "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==");
        assertThat(response).startsWith("HTTP/1.1 403");
        assertThat(service.webSocketHandshakes()).isEqualTo(handshakesBefore);
    }

    private WebSocketCloseStatus closeStatusAfterSending(String path, String text) {
        return HttpClient.create()
                .websocket(WebsocketClientSpec.builder().protocols(StubService.SUBPROTOCOL).build())
                .uri("ws://127.0.0.1:" + port + path)
                .handle((in, out) -> out.sendObject(Mono.just(new TextWebSocketFrame(text))).then()
                        .then(in.receiveCloseStatus()))
                .blockLast(Duration.ofSeconds(10));
    }

    private double bytes(String direction) {
        var counter = registry.find("lalala.gateway.websocket.bytes").tag("service", "streaming-service")
                .tag("direction", direction).counter();
        return counter == null ? 0 : counter.count();
    }

    private void awaitOpen(String service, int expected) {
        awaitCondition(() -> metrics.open(service) == expected);
        assertThat(metrics.open(service)).isEqualTo(expected);
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Object content(WebSocketFrame frame) {
        return frame instanceof TextWebSocketFrame text ? text.text() : ByteBufUtil.getBytes(frame.content());
    }
}
