package dev.lalala.playlist;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for track-service's {@code GET /api/tracks/{id}} on a real HTTP port: songs are registered with who
 * may see them; {@link #stop()} and {@link #start()} take it down and up on the same port.
 */
final class TrackServiceStub {

    private final Map<UUID, Song> songs = new ConcurrentHashMap<>();
    private final AtomicInteger calls = new AtomicInteger();
    private volatile HttpServer server;
    private volatile int port;

    record Song(UUID id, UUID ownerId, String title, String visibility, String status) {
    }

    synchronized void start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 50);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        port = server.getAddress().getPort();
        server.createContext("/api/tracks/", exchange -> {
            calls.incrementAndGet();
            String id = exchange.getRequestURI().getPath().substring("/api/tracks/".length());
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            Song song = null;
            try {
                song = songs.get(UUID.fromString(id));
            } catch (IllegalArgumentException ignored) {
                // a 404 below
            }
            boolean visible = song != null && (("PRIVATE".equals(song.visibility()) || !"READY".equals(song.status()))
                    ? song.ownerId().toString().equals(subjectOf(auth))
                    : true);
            byte[] body;
            int status;
            if (visible) {
                status = 200;
                body = """
                        {"id":"%s","ownerId":"%s","title":"%s","visibility":"%s","status":"%s","durationMs":180000,
                         "coverUrl":"/api/tracks/%s/cover/300.jpg","playCount":0,"likeCount":0}"""
                        .formatted(song.id(), song.ownerId(), song.title(), song.visibility(), song.status(),
                                song.id())
                        .getBytes(StandardCharsets.UTF_8);
            } else {
                status = 404;
                body = "{\"status\":404}".getBytes(StandardCharsets.UTF_8);
            }
            exchange.getResponseHeaders().set("Content-Type", status == 200 ? "application/json"
                    : "application/problem+json");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    synchronized void stop() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    int calls() {
        return calls.get();
    }

    Song add(UUID owner, String title, String visibility) {
        Song song = new Song(UUID.randomUUID(), owner, title, visibility, "READY");
        songs.put(song.id(), song);
        return song;
    }

    /** The token's subject, read without checking it (track-service checks; this stub only stands in). */
    static String subjectOf(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        String[] parts = authorization.substring(7).split("\\.");
        String claims = new String(java.util.Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8);
        java.util.regex.Matcher sub = java.util.regex.Pattern.compile("\"sub\"\\s*:\\s*\"([^\"]+)\"").matcher(claims);
        return sub.find() ? sub.group(1) : null;
    }
}
