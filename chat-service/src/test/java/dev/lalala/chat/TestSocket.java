package dev.lalala.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A chat socket as a browser opens it (subprotocols lalala.chat.v1 and bearer.<token>), for tests. */
public final class TestSocket implements AutoCloseable {

    static final JsonMapper JSON = JsonMapper.builder().build();

    public final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    public final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    public volatile String closeReason;
    private final WebSocket socket;

    private TestSocket(URI uri, String token) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10));
        builder = token == null ? builder.subprotocols("lalala.chat.v1")
                : builder.subprotocols("lalala.chat.v1", "bearer." + token);
        this.socket = builder.buildAsync(uri, new WebSocket.Listener() {
            final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    frames.add(JSON.readTree(partial.toString()));
                    partial.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closeReason = reason;
                closeCode.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closeCode.completeExceptionally(error);
            }
        }).join();
    }

    public static TestSocket open(String wsUrl, String token) {
        return new TestSocket(URI.create(wsUrl), token);
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public TestSocket send(String json) {
        socket.sendText(json, true).join();
        return this;
    }

    public TestSocket send(String type, Object... fields) {
        StringBuilder json = new StringBuilder("{\"type\":\"").append(type).append('"');
        for (int i = 0; i < fields.length; i += 2) {
            json.append(",\"").append(fields[i]).append("\":");
            Object value = fields[i + 1];
            json.append(value instanceof Number || value instanceof Boolean ? value.toString()
                    : JSON.writeValueAsString(String.valueOf(value)));
        }
        return send(json.append('}').toString());
    }

    /** The next frame of this type matching the test, skipping others; fails after the timeout. */
    public JsonNode await(String type, Predicate<JsonNode> test) {
        return await(type, test, Duration.ofSeconds(15));
    }

    public JsonNode await(String type) {
        return await(type, f -> true);
    }

    public JsonNode await(String type, Predicate<JsonNode> test, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<JsonNode> skipped = new ArrayList<>();
        try {
            while (System.nanoTime() < deadline) {
                JsonNode frame = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (frame == null) {
                    break;
                }
                if (frame.path("type").asString().equals(type) && test.test(frame)) {
                    return frame;
                }
                skipped.add(frame);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // The server runs in this JVM: what its threads were doing says why the frame did not come.
        StringBuilder threads = new StringBuilder();
        Thread.getAllStackTraces().forEach((thread, stack) -> {
            if (stack.length > 0 && (thread.getName().startsWith("boundedElastic") || thread.getName().contains("reactor")
                    || thread.getName().contains("room") || thread.getName().contains("scheduling"))) {
                threads.append('\n').append(thread.getName()).append(' ').append(thread.getState());
                for (int i = 0; i < Math.min(stack.length, 25); i++) {
                    threads.append("\n    at ").append(stack[i]);
                }
            }
        });
        System.err.println("Threads when no " + type + " frame came:" + threads);
        throw new AssertionError("no " + type + " frame within " + timeout + "; got " + skipped);
    }

    /** The next error frame: its code. */
    public String awaitError() {
        return await("error").path("code").asString();
    }

    /** No frame of this type within the time. */
    public void expectNo(String type, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        try {
            while (System.nanoTime() < deadline) {
                JsonNode frame = frames.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                assertThat(frame == null || !frame.path("type").asString().equals(type))
                        .as("unexpected %s", frame).isTrue();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public int awaitClose() {
        return closeCode.orTimeout(15, TimeUnit.SECONDS).join();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }
}
