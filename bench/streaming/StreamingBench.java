import com.sun.net.httpserver.HttpServer;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;

/**
 * The streaming load driver (Reactor Netty WebSocket clients; see README.md in this folder for why not Gatling).
 *
 * <pre>
 * serve-jwks PORT DIR          an RSA key (saved to DIR/key.pk8) and its JWKS at http://127.0.0.1:PORT/jwks.json
 * load URL TRACK LABEL PIDS    N listeners (bench.listeners) play TRACK in real time through URL; PIDS "name=pid,..."
 *                              are sampled for CPU and memory
 * </pre>
 *
 * Each listener: opens the socket (token as the subprotocol), sends play and credit 3 (15 s of buffer), then grants one
 * more segment each time one has finished playing, as a real player does. Playback starts when the first segment
 * arrives; segment k is due at start + k x 5 s: arriving later is a stall.
 */
public class StreamingBench {

    static final long SEGMENT_MS = 5_000;

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "serve-jwks" -> serveJwks(Integer.parseInt(args[1]), Path.of(args[2]));
            case "load" -> load(args[1], UUID.fromString(args[2]), args[3], args.length > 4 ? args[4] : "");
            default -> throw new IllegalArgumentException(args[0]);
        }
    }

    // ---- tokens ----

    static void serveJwks(int port, Path dir) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        KeyPair pair = generator.generateKeyPair();
        Files.createDirectories(dir);
        Files.write(dir.resolve("key.pk8"), pair.getPrivate().getEncoded());
        RSAPublicKey key = (RSAPublicKey) pair.getPublic();
        byte[] jwks = ("{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"bench\",\"n\":\""
                + b64(unsigned(key.getModulus())) + "\",\"e\":\"" + b64(unsigned(key.getPublicExponent()))
                + "\"}]}").getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/jwks.json", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, jwks.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(jwks);
            }
        });
        server.start();
        System.out.println("JWKS at http://127.0.0.1:" + port + "/jwks.json");
        Thread.currentThread().join();
    }

    static String token(PrivateKey key, UUID user) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String header = b64("{\"alg\":\"RS256\",\"kid\":\"bench\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String claims = b64(("{\"sub\":\"" + user + "\",\"iss\":\"lalala-auth\",\"aud\":[\"lalala-api\"],\"iat\":" + now
                + ",\"exp\":" + (now + 3600) + ",\"email_verified\":true}").getBytes(StandardCharsets.UTF_8));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + b64(rsa.sign());
    }

    static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    // ---- load ----

    static final class Results {
        final ConcurrentLinkedQueue<Long> ttfsNanos = new ConcurrentLinkedQueue<>();
        final ConcurrentLinkedQueue<Long> connectNanos = new ConcurrentLinkedQueue<>();
        final AtomicInteger stalls = new AtomicInteger();
        final AtomicInteger stalledListeners = new AtomicInteger();
        final AtomicLong maxLateMs = new AtomicLong();
        final AtomicInteger errors = new AtomicInteger();
        final ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
        final AtomicLong segments = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicInteger completed = new AtomicInteger();

        void error(String what) {
            if (errors.incrementAndGet() <= 10) {
                errorSamples.add(what);
            }
        }
    }

    static void load(String url, UUID track, String label, String pids) throws Exception {
        int listeners = Integer.getInteger("bench.listeners", 1000);
        int rampSeconds = Integer.getInteger("bench.ramp", 20);
        int listenSeconds = Integer.getInteger("bench.listen", 60);
        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                Files.readAllBytes(Path.of(System.getProperty("bench.keys"), "key.pk8"))));
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < listeners; i++) {
            tokens.add(token(key, UUID.randomUUID()));
        }
        Results results = new Results();
        ConnectionProvider pool = ConnectionProvider.newConnection();
        HttpClient client = HttpClient.create(pool);
        CountDownLatch done = new CountDownLatch(listeners);
        Sampler sampler = new Sampler(pids);
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "%s: %d listeners over %d s, each listening %d s, to %s%n", label, listeners,
                rampSeconds, listenSeconds, url);
        for (int i = 0; i < listeners; i++) {
            long delayNanos = rampSeconds * 1_000_000_000L * i / listeners;
            String token = tokens.get(i);
            Mono.delay(Duration.ofNanos(delayNanos))
                    .subscribe(t -> listen(client, url, track, token, listenSeconds, results, done));
        }
        // Resources are sampled once everybody is connected and playing (the steady state).
        Thread.sleep(rampSeconds * 1000L + 3_000);
        sampler.begin();
        long steady = Math.max(5, listenSeconds - 8);
        Thread.sleep(steady * 1000L);
        String resources = sampler.end();
        done.await(listenSeconds + rampSeconds + 60L, TimeUnit.SECONDS);
        double elapsed = (System.nanoTime() - start) / 1e9;

        List<Long> ttfs = new ArrayList<>(results.ttfsNanos);
        List<Long> connect = new ArrayList<>(results.connectNanos);
        System.out.printf(Locale.ROOT, "%s: listeners %d, completed %d, errors %d, stalls %d (listeners stalled %d, "
                        + "worst %d ms late), segments %d, %.1f MB received in %.0f s%n",
                label, listeners, results.completed.get(), results.errors.get(), results.stalls.get(),
                results.stalledListeners.get(), results.maxLateMs.get(), results.segments.get(),
                results.bytes.get() / 1e6, elapsed);
        System.out.printf(Locale.ROOT, "%s: time to first segment ms: p50 %.1f, p99 %.1f, max %.1f (n=%d); "
                        + "handshake ms: p50 %.1f, p99 %.1f%n",
                label, pct(ttfs, 50), pct(ttfs, 99), pct(ttfs, 100), ttfs.size(), pct(connect, 50), pct(connect, 99));
        System.out.printf(Locale.ROOT, "%s: resources in steady state (%d s): %s%n", label, steady, resources);
        results.errorSamples.forEach(e -> System.out.println(label + ": error sample: " + e));
        System.out.printf(Locale.ROOT,
                "RESULT label=%s listeners=%d errors=%d stalls=%d ttfs_p50_ms=%.1f ttfs_p99_ms=%.1f %s%n", label,
                listeners, results.errors.get(), results.stalls.get(), pct(ttfs, 50), pct(ttfs, 99), resources);
        pool.dispose();
        System.exit(0);
    }

    static void listen(HttpClient client, String url, UUID track, String token, int listenSeconds, Results results,
            CountDownLatch done) {
        long connectStart = System.nanoTime();
        Sinks.Many<String> commands = Sinks.many().unicast().onBackpressureBuffer();
        long[] playSent = {0};
        long[] playStart = {0};
        int[] received = {0};
        boolean[] stalled = {false};
        boolean[] finished = {false};
        client.websocket(WebsocketClientSpec.builder().protocols("lalala.stream.v1,bearer." + token)
                        .maxFramePayloadLength(8 * 1024 * 1024).build())
                .uri(url)
                .handle((in, out) -> {
                    results.connectNanos.add(System.nanoTime() - connectStart);
                    Mono<Void> send = out.sendString(commands.asFlux()).then();
                    Mono<Void> receive = in.receiveFrames().doOnNext(frame -> {
                        long now = System.nanoTime();
                        if (frame instanceof TextWebSocketFrame text) {
                            String json = text.text();
                            if (json.contains("\"type\":\"hello\"")) {
                                playSent[0] = System.nanoTime();
                                emit(commands, "{\"type\":\"play\",\"trackId\":\"" + track
                                        + "\",\"fromSegment\":0}");
                                emit(commands, "{\"type\":\"credit\",\"n\":3}");
                            } else if (json.contains("\"type\":\"error\"")) {
                                results.error("error frame " + json);
                            }
                        } else if (frame instanceof BinaryWebSocketFrame binary) {
                            ByteBuf content = binary.content();
                            int index = content.getInt(16);
                            results.segments.incrementAndGet();
                            results.bytes.addAndGet(content.readableBytes());
                            if (received[0] == 0) {
                                results.ttfsNanos.add(now - playSent[0]);
                                playStart[0] = now;
                            } else {
                                long dueNanos = playStart[0] + index * SEGMENT_MS * 1_000_000L;
                                if (now > dueNanos) {
                                    results.stalls.incrementAndGet();
                                    results.maxLateMs.accumulateAndGet((now - dueNanos) / 1_000_000, Math::max);
                                    if (!stalled[0]) {
                                        stalled[0] = true;
                                        results.stalledListeners.incrementAndGet();
                                    }
                                }
                            }
                            received[0]++;
                            // When this segment has finished playing, the player has room for one more.
                            long playedAt = playStart[0] + (index + 1) * SEGMENT_MS * 1_000_000L;
                            Schedulers.parallel().schedule(() -> emit(commands, "{\"type\":\"credit\",\"n\":1}"),
                                    Math.max(0, playedAt - System.nanoTime()), TimeUnit.NANOSECONDS);
                        }
                    }).then();
                    Mono<Void> stop = Mono.delay(Duration.ofSeconds(listenSeconds)).then(Mono.fromRunnable(() -> {
                        finished[0] = true;
                        emit(commands, "{\"type\":\"stop\"}");
                        synchronized (commands) {
                            commands.tryEmitComplete();
                        }
                    }));
                    return Mono.firstWithSignal(Mono.when(send, receive), stop.then(out.sendClose()));
                })
                .doFinally(signal -> {
                    int expected = Math.min(3 + listenSeconds / 5 - 3, Integer.getInteger("bench.segments", 24));
                    if (!finished[0]) {
                        results.error("socket ended early after " + received[0] + " segments");
                    } else if (received[0] < expected) {
                        results.error("only " + received[0] + " of " + expected + " segments");
                    } else {
                        results.completed.incrementAndGet();
                    }
                    done.countDown();
                })
                .subscribe(null, error -> results.error(error.toString()));
    }

    /** A unicast sink takes one emitter at a time: credits come from timers and the event loop alike. */
    static void emit(Sinks.Many<String> commands, String command) {
        synchronized (commands) {
            commands.tryEmitNext(command);
        }
    }

    static double pct(List<Long> nanos, int percentile) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        sorted.sort(null);
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1e6;
    }

    /** CPU (from /proc/PID/stat: user + system ticks) and resident memory (VmHWM and VmRSS) of the processes. */
    static final class Sampler {
        final List<String[]> processes = new ArrayList<>();
        long[] ticksAtBegin;
        long beganNanos;

        Sampler(String spec) {
            for (String part : spec.split(",")) {
                if (part.contains("=")) {
                    processes.add(part.split("=", 2));
                }
            }
            processes.add(new String[] {"driver", String.valueOf(ProcessHandle.current().pid())});
        }

        void begin() {
            ticksAtBegin = processes.stream().mapToLong(p -> ticks(p[1])).toArray();
            beganNanos = System.nanoTime();
        }

        String end() {
            double seconds = (System.nanoTime() - beganNanos) / 1e9;
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < processes.size(); i++) {
                String[] p = processes.get(i);
                double cpu = (ticks(p[1]) - ticksAtBegin[i]) / 100.0 / seconds * 100;
                out.append(String.format(Locale.ROOT, "%s_cpu_pct=%.0f %s_rss_mb=%d ", p[0], cpu, p[0],
                        status(p[1], "VmRSS:") / 1024));
            }
            return out.toString().trim();
        }

        static long ticks(String pid) {
            try {
                String stat = Files.readString(Path.of("/proc", pid, "stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            } catch (Exception e) {
                return 0;
            }
        }

        static long status(String pid, String field) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                    if (line.startsWith(field)) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (Exception e) {
                return 0;
            }
            return 0;
        }
    }
}
