package dev.lalala.streaming.support;

import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real WebSocket client of the streaming protocol (Reactor Netty's), for the tests: frames received are queued in
 * order, text as JSON and binary as {@link SegmentFrame}.
 */
public final class StreamClient implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    /** A binary frame, split as the README documents: 16-byte track UUID, 4-byte index, the FLAC file. */
    public record SegmentFrame(UUID trackId, int index, byte[] flac) {
    }

    public record Closed(int code, String reason) {
    }

    private final BlockingQueue<Object> frames = new LinkedBlockingQueue<>();
    private final Sinks.Many<String> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final CompletableFuture<String> opened = new CompletableFuture<>();
    private final Disposable connection;

    private StreamClient(String url, String protocols, String authorization) {
        connection = HttpClient.create()
                .headers(h -> {
                    if (authorization != null) {
                        h.set("Authorization", authorization);
                    }
                })
                .websocket(WebsocketClientSpec.builder().protocols(protocols)
                        .maxFramePayloadLength(16 * 1024 * 1024).build())
                .uri(url)
                .handle((in, out) -> {
                    opened.complete(in.selectedSubprotocol() == null ? "" : in.selectedSubprotocol());
                    in.receiveCloseStatus().subscribe(status -> frames.add(new Closed(status.code(),
                            status.reasonText())));
                    Mono<Void> send = out.sendString(outbound.asFlux()).then();
                    Mono<Void> receive = in.receiveFrames().doOnNext(frame -> {
                        if (frame instanceof TextWebSocketFrame text) {
                            frames.add(JSON.readTree(text.text()));
                        } else if (frame instanceof BinaryWebSocketFrame binary) {
                            ByteBuffer bytes = ByteBuffer.wrap(ByteBufUtil.getBytes(binary.content()));
                            UUID track = new UUID(bytes.getLong(), bytes.getLong());
                            int index = bytes.getInt();
                            byte[] flac = new byte[bytes.remaining()];
                            bytes.get(flac);
                            frames.add(new SegmentFrame(track, index, flac));
                        }
                    }).then();
                    return Mono.when(send, receive);
                })
                .subscribe(null, error -> {
                    opened.completeExceptionally(error);
                    frames.add(error);
                }, () -> frames.add(new Closed(-1, "completed")));
    }

    /** Connects with the token as a subprotocol, as a browser does; waits for the upgrade and the hello. */
    public static StreamClient connect(String url, String token) {
        StreamClient client = new StreamClient(url, "lalala.stream.v1, bearer." + token, null);
        client.awaitOpen();
        JsonNode hello = client.nextText();
        if (!"hello".equals(hello.path("type").asString())) {
            throw new AssertionError("expected hello, got " + hello);
        }
        return client;
    }

    /** Starts a handshake without waiting: {@link #handshakeStatus()} tells how it ended. */
    public static StreamClient attempt(String url, String protocols, String authorization) {
        return new StreamClient(url, protocols, authorization);
    }

    public String awaitOpen() {
        try {
            return opened.get(15, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("no upgrade", e);
        }
    }

    /** 101 when upgraded, else the HTTP status of the refused handshake. */
    public int handshakeStatus() {
        try {
            opened.get(15, TimeUnit.SECONDS);
            return 101;
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof WebSocketClientHandshakeException refused) {
                return refused.response().status().code();
            }
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public void send(String json) {
        outbound.tryEmitNext(json);
    }

    public Object next(Duration timeout) {
        try {
            return frames.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Object next() {
        Object frame = next(Duration.ofSeconds(15));
        if (frame == null) {
            throw new AssertionError("no frame within 15 s");
        }
        return frame;
    }

    public JsonNode nextText() {
        Object frame = next();
        if (frame instanceof JsonNode json) {
            return json;
        }
        throw new AssertionError("expected a text frame, got " + describe(frame));
    }

    public SegmentFrame nextSegment() {
        Object frame = next();
        if (frame instanceof SegmentFrame segment) {
            return segment;
        }
        throw new AssertionError("expected a segment frame, got " + describe(frame));
    }

    /** Nothing arrives within {@code quiet}. */
    public Object poll(Duration quiet) {
        return next(quiet);
    }

    public static String describe(Object frame) {
        return frame instanceof SegmentFrame s ? "segment " + s.index() : String.valueOf(frame);
    }

    @Override
    public void close() {
        outbound.tryEmitComplete();
        connection.dispose();
    }
}
