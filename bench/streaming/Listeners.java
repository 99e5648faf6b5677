import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The streaming bench's load generator: N real-time listeners on ONE thread, so that the driver costs as little of the
 * shared two cores as it can. Plain NIO, a hand-written WebSocket client: each socket's bytes are read into one
 * shared direct buffer, only the frame headers (and the 20-byte segment header, and the few text frames) are looked
 * at, the audio itself is counted and dropped, never copied to the heap.
 *
 * <p>Each listener does what the web player does (docs/streaming.md): opens {@code /api/stream/ws} with
 * {@code lalala.stream.v1,bearer.<token>}, waits for the hello, grants {@code credit 3}, sends {@code play} from
 * segment 0; once the three buffered segments are there it waits 5 s (one segment played) and grants one more every
 * 5 s. A segment must arrive within 10 s of the credit that asked for it (the two buffered ones have played out by
 * then): a later one, or none, is a <b>stall</b>. Segment indexes must come in order. Errors: a refused or failed
 * handshake, no hello or no first segment within 30 s, a server error message, a socket the server closed or reset.
 *
 * <pre>java bench/streaming/Listeners.java URL TRACK KEYS_DIR LISTENERS RAMP_S LISTEN_S OUT.json</pre>
 *
 * Prints a summary and writes OUT.json: start (epoch s), first-segment and handshake percentiles, stalls, errors.
 */
public class Listeners {

    static final long SEGMENT_NS = 5_000_000_000L;
    static final long DEADLINE_NS = 10_000_000_000L;
    static final long FIRST_TIMEOUT_NS = 30_000_000_000L;
    static final int BUFFERED = 3;

    enum Phase { WAITING, CONNECTING, HANDSHAKE, OPEN, PLAYING, DONE, FAILED }

    static final class Listener {
        final int id;
        final long startAt;
        final String token;
        Phase phase = Phase.WAITING;
        SocketChannel channel;
        SelectionKey key;
        long connectStarted;
        long handshakeNs = -1;
        final ByteBuffer http = ByteBuffer.allocate(4096);
        // frame parser
        final byte[] head = new byte[14];
        int headLen;
        long payloadLeft;
        int opcode;
        final byte[] capture = new byte[8192];
        int captureLen;
        boolean inFrame;
        // the play
        long playSentAt;
        long firstSegmentNs = -1;
        int nextIndex;
        long bufferFullAt;
        int creditsSent;
        final long[] creditAt;
        int laterCount;

        Listener(int id, long startAt, String token, int later) {
            this.id = id;
            this.startAt = startAt;
            this.token = token;
            this.laterCount = later;
            this.creditAt = new long[later];
        }
    }

    final URI url;
    final String track;
    final int later;
    final List<Listener> all = new ArrayList<>();
    final Selector selector;
    final ByteBuffer in = ByteBuffer.allocateDirect(1 << 20);
    final TreeMap<String, Integer> errors = new TreeMap<>();
    final List<Double> firstSegment = new ArrayList<>();
    final List<Double> handshakes = new ArrayList<>();
    int stalls;
    long segments;
    long bytes;
    int finished;
    int maxOpen;
    int open;

    Listeners(URI url, String track, int later) throws IOException {
        this.url = url;
        this.track = track;
        this.later = later;
        this.selector = Selector.open();
    }

    public static void main(String[] args) throws Exception {
        URI url = URI.create(args[0]);
        String track = args[1];
        Path keys = Path.of(args[2]);
        int n = Integer.parseInt(args[3]);
        int ramp = Integer.parseInt(args[4]);
        int listen = Integer.parseInt(args[5]);
        Path out = Path.of(args[6]);
        int later = Math.max(0, listen / 5 - 1);

        PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(
                new PKCS8EncodedKeySpec(Files.readAllBytes(keys.resolve("key.pk8"))));
        Listeners bench = new Listeners(url, track, later);
        // Tokens first, so that signing costs nothing while listeners connect.
        String[] tokens = new String[n];
        for (int i = 0; i < n; i++) {
            tokens[i] = token(key, UUID.randomUUID());
        }
        double startEpoch = System.currentTimeMillis() / 1000.0;
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            bench.all.add(new Listener(i, t0 + (long) ((double) ramp * 1e9 * i / n), tokens[i], later));
        }
        bench.run();
        String summary = bench.summary(args[0], n, ramp, listen, startEpoch);
        System.out.println(summary);
        Files.writeString(out, bench.json(n, ramp, listen, startEpoch));
    }

    void run() throws IOException {
        int next = 0;
        long lastScan = 0;
        while (finished < all.size()) {
            selector.select(5);
            Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
            while (keys.hasNext()) {
                SelectionKey k = keys.next();
                keys.remove();
                Listener l = (Listener) k.attachment();
                try {
                    if (k.isValid() && k.isConnectable()) {
                        connected(l);
                    } else if (k.isValid() && k.isReadable()) {
                        read(l);
                    }
                } catch (IOException e) {
                    fail(l, e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }
            long now = System.nanoTime();
            while (next < all.size() && all.get(next).startAt <= now) {
                start(all.get(next++));
            }
            if (now - lastScan > 20_000_000L) {
                lastScan = now;
                for (int i = 0; i < next; i++) {
                    tick(all.get(i), now);
                }
            }
        }
    }

    void start(Listener l) {
        try {
            l.connectStarted = System.nanoTime();
            l.channel = SocketChannel.open();
            l.channel.configureBlocking(false);
            l.channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            l.phase = Phase.CONNECTING;
            boolean now = l.channel.connect(new InetSocketAddress(url.getHost(), url.getPort()));
            l.key = l.channel.register(selector, now ? 0 : SelectionKey.OP_CONNECT, l);
            if (now) {
                connected(l);
            }
        } catch (IOException e) {
            fail(l, "connect: " + e.getMessage());
        }
    }

    void connected(Listener l) throws IOException {
        l.channel.finishConnect();
        String request = "GET /api/stream/ws HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort()
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(UUID.randomUUID().toString()
                        .substring(0, 16).getBytes(StandardCharsets.US_ASCII))
                + "\r\nSec-WebSocket-Protocol: lalala.stream.v1, bearer." + l.token + "\r\n\r\n";
        write(l, ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
        l.phase = Phase.HANDSHAKE;
        l.key.interestOps(SelectionKey.OP_READ);
        open++;
        maxOpen = Math.max(maxOpen, open);
    }

    void read(Listener l) throws IOException {
        in.clear();
        int n = l.channel.read(in);
        if (n < 0) {
            if (l.phase != Phase.DONE) {
                fail(l, "connection closed by the server (" + l.phase + ")");
            }
            return;
        }
        in.flip();
        bytes += n;
        if (l.phase == Phase.HANDSHAKE) {
            while (in.hasRemaining() && l.http.hasRemaining()) {
                l.http.put(in.get());
                int p = l.http.position();
                if (p >= 4 && l.http.get(p - 4) == '\r' && l.http.get(p - 3) == '\n' && l.http.get(p - 2) == '\r'
                        && l.http.get(p - 1) == '\n') {
                    String status = new String(l.http.array(), 0, Math.min(p, 12), StandardCharsets.US_ASCII);
                    if (!status.startsWith("HTTP/1.1 101")) {
                        fail(l, "handshake refused: " + status.substring(9).trim());
                        return;
                    }
                    l.handshakeNs = System.nanoTime() - l.connectStarted;
                    l.phase = Phase.OPEN;
                    break;
                }
            }
            if (l.phase == Phase.HANDSHAKE) {
                if (!l.http.hasRemaining()) {
                    fail(l, "handshake response too long");
                }
                return;
            }
        }
        frames(l);
    }

    /** Walks the frames in {@code in}: headers parsed, payload counted and skipped (a few bytes captured). */
    void frames(Listener l) throws IOException {
        while (in.hasRemaining() && l.phase != Phase.FAILED) {
            if (!l.inFrame) {
                l.head[l.headLen++] = in.get();
                if (l.headLen < 2) {
                    continue;
                }
                int len7 = l.head[1] & 0x7f;
                int need = len7 < 126 ? 2 : len7 == 126 ? 4 : 10;
                if (l.headLen < need) {
                    continue;
                }
                l.opcode = l.head[0] & 0x0f;
                l.payloadLeft = len7 < 126 ? len7 : len7 == 126
                        ? ((l.head[2] & 0xffL) << 8) | (l.head[3] & 0xffL)
                        : ByteBuffer.wrap(l.head, 2, 8).getLong();
                l.headLen = 0;
                l.captureLen = 0;
                l.inFrame = true;
                if (l.opcode == 2) {
                    segmentArrived(l);
                }
            }
            int take = (int) Math.min(l.payloadLeft, in.remaining());
            int want = l.opcode == 2 ? 20 : l.capture.length;
            int copy = Math.min(take, Math.max(0, want - l.captureLen));
            if (copy > 0) {
                in.get(l.capture, l.captureLen, copy);
                l.captureLen += copy;
                in.position(in.position() + take - copy);
            } else {
                in.position(in.position() + take);
            }
            l.payloadLeft -= take;
            if (l.payloadLeft == 0) {
                l.inFrame = false;
                frameDone(l);
            }
        }
    }

    /** A segment's frame has begun: the first byte of it is the moment it arrived. */
    void segmentArrived(Listener l) {
        long now = System.nanoTime();
        segments++;
        if (l.firstSegmentNs < 0) {
            l.firstSegmentNs = now - l.playSentAt;
            firstSegment.add(l.firstSegmentNs / 1e6);
        }
    }

    void frameDone(Listener l) throws IOException {
        long now = System.nanoTime();
        switch (l.opcode) {
            case 1 -> {
                String text = new String(l.capture, 0, l.captureLen, StandardCharsets.UTF_8);
                if (text.contains("\"hello\"") && l.phase == Phase.OPEN) {
                    send(l, "{\"type\":\"credit\",\"n\":" + BUFFERED + "}");
                    l.playSentAt = System.nanoTime();
                    send(l, "{\"type\":\"play\",\"trackId\":\"" + track + "\",\"fromSegment\":0}");
                    l.phase = Phase.PLAYING;
                } else if (text.contains("\"error\"")) {
                    int at = text.indexOf("\"code\"");
                    fail(l, "server error " + (at < 0 ? text : text.substring(at, Math.min(text.length(), at + 40))));
                }
            }
            case 2 -> {
                int index = l.captureLen >= 20 ? ByteBuffer.wrap(l.capture, 16, 4).getInt() : -1;
                if (index != l.nextIndex) {
                    fail(l, "segment " + index + " where " + l.nextIndex + " was due");
                    return;
                }
                if (index >= BUFFERED) {
                    long asked = l.creditAt[index - BUFFERED];
                    if (now - asked > DEADLINE_NS) {
                        stalls++;
                    }
                }
                l.nextIndex++;
                if (l.nextIndex == BUFFERED) {
                    l.bufferFullAt = now;
                }
                if (l.nextIndex == BUFFERED + l.laterCount) {
                    finish(l);
                }
            }
            case 8 -> {
                if (l.phase != Phase.DONE) {
                    int code = l.captureLen >= 2 ? ((l.capture[0] & 0xff) << 8) | (l.capture[1] & 0xff) : 1005;
                    fail(l, "closed by the server with " + code);
                }
            }
            default -> { }
        }
    }

    /** Credits on time, and the deadlines: called every 20 ms for every started listener. */
    void tick(Listener l, long now) {
        switch (l.phase) {
            case CONNECTING, HANDSHAKE, OPEN -> {
                if (now - l.connectStarted > FIRST_TIMEOUT_NS) {
                    fail(l, "no hello within 30 s (" + l.phase + ")");
                }
            }
            case PLAYING -> {
                if (l.nextIndex < BUFFERED) {
                    if (now - l.playSentAt > FIRST_TIMEOUT_NS) {
                        fail(l, "the buffer was not there within 30 s");
                    }
                    return;
                }
                while (l.creditsSent < l.laterCount && now >= l.bufferFullAt + SEGMENT_NS * (l.creditsSent + 1)) {
                    l.creditAt[l.creditsSent++] = now;
                    try {
                        send(l, "{\"type\":\"credit\",\"n\":1}");
                    } catch (IOException e) {
                        fail(l, "credit: " + e.getMessage());
                        return;
                    }
                }
                int waiting = l.nextIndex - BUFFERED;
                if (waiting < l.creditsSent && now - l.creditAt[waiting] > DEADLINE_NS + SEGMENT_NS) {
                    // Long past its deadline and still not there: count it once and give up on this listener.
                    stalls++;
                    fail(l, null);
                }
            }
            default -> { }
        }
    }

    void finish(Listener l) {
        l.phase = Phase.DONE;
        try {
            // A close frame 1000 (masked, as a client must), then the connection.
            byte[] mask = new byte[4];
            ThreadLocalRandom.current().nextBytes(mask);
            byte[] frame = {(byte) 0x88, (byte) 0x82, mask[0], mask[1], mask[2], mask[3],
                    (byte) (0x03 ^ mask[0]), (byte) (0xe8 ^ mask[1])};
            write(l, ByteBuffer.wrap(frame));
        } catch (IOException ignored) {
            // closing anyway
        }
        close(l);
        finished++;
        if (l.handshakeNs >= 0) {
            handshakes.add(l.handshakeNs / 1e6);
        }
    }

    void fail(Listener l, String why) {
        if (l.phase == Phase.FAILED || l.phase == Phase.DONE) {
            return;
        }
        l.phase = Phase.FAILED;
        if (why != null) {
            errors.merge(why.replaceAll("\\d{5,}", "N"), 1, Integer::sum);
        }
        close(l);
        finished++;
    }

    void close(Listener l) {
        if (l.channel != null && l.channel.isOpen()) {
            try {
                l.channel.close();
            } catch (IOException ignored) {
                // gone
            }
            open--;
        }
    }

    void send(Listener l, String text) throws IOException {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        ByteBuffer frame = ByteBuffer.allocate(payload.length + 8);
        frame.put((byte) 0x81);
        if (payload.length < 126) {
            frame.put((byte) (0x80 | payload.length));
        } else {
            frame.put((byte) (0x80 | 126)).putShort((short) payload.length);
        }
        frame.put(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.put((byte) (payload[i] ^ mask[i & 3]));
        }
        frame.flip();
        write(l, frame);
    }

    static void write(Listener l, ByteBuffer buffer) throws IOException {
        // Small frames into an almost empty send buffer: they go at once; spin briefly if the kernel says not yet.
        for (int i = 0; buffer.hasRemaining() && i < 1000; i++) {
            l.channel.write(buffer);
        }
        if (buffer.hasRemaining()) {
            throw new IOException("send buffer full");
        }
    }

    String summary(String url, int n, int ramp, int listen, double start) {
        return String.format(Locale.ROOT,
                "%s: %d listeners (ramp %d s, %d s each): first segment p50 %.1f / p99 %.1f / max %.1f ms; "
                        + "handshake p50 %.1f / p99 %.1f ms; stalls %d; errors %d %s; segments %d, %.1f GB; "
                        + "at most %d sockets open",
                url, n, ramp, listen, pct(firstSegment, 50), pct(firstSegment, 99), pct(firstSegment, 100),
                pct(handshakes, 50), pct(handshakes, 99), stalls, errorCount(), errors, segments, bytes / 1e9,
                maxOpen);
    }

    int errorCount() {
        return errors.values().stream().mapToInt(Integer::intValue).sum();
    }

    String json(int n, int ramp, int listen, double start) {
        StringBuilder e = new StringBuilder();
        errors.forEach((k, v) -> e.append(e.isEmpty() ? "" : ",").append('"')
                .append(k.replace("\\", "\\\\").replace("\"", "'")).append("\":").append(v));
        return String.format(Locale.ROOT,
                "{\"listeners\":%d,\"ramp\":%d,\"listen\":%d,\"start\":%.3f,\"firstSegment\":{\"count\":%d,"
                        + "\"p50\":%.2f,\"p95\":%.2f,\"p99\":%.2f,\"max\":%.2f},\"handshake\":{\"p50\":%.2f,"
                        + "\"p99\":%.2f,\"max\":%.2f},\"stalls\":%d,\"errors\":%d,\"errorKinds\":{%s},"
                        + "\"segments\":%d,\"bytes\":%d,\"maxOpen\":%d}\n",
                n, ramp, listen, start, firstSegment.size(), pct(firstSegment, 50), pct(firstSegment, 95),
                pct(firstSegment, 99), pct(firstSegment, 100), pct(handshakes, 50), pct(handshakes, 99),
                pct(handshakes, 100), stalls, errorCount(), e, segments, bytes, maxOpen);
    }

    static double pct(List<Double> values, double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(sorted);
        int at = (int) Math.ceil(p / 100 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, at))];
    }

    /** An access token as auth-service makes them: RS256, the bench key's kid, an hour long. */
    static String token(PrivateKey key, UUID user) throws Exception {
        long now = System.currentTimeMillis() / 1000;
        String header = b64("{\"alg\":\"RS256\",\"kid\":\"bench\",\"typ\":\"JWT\"}");
        String claims = b64("{\"sub\":\"" + user + "\",\"iss\":\"lalala-auth\",\"aud\":[\"lalala-api\"],\"iat\":" + now
                + ",\"exp\":" + (now + 3600) + ",\"email_verified\":true}");
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initSign(key);
        rsa.update((header + "." + claims).getBytes(StandardCharsets.US_ASCII));
        return header + "." + claims + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(rsa.sign());
    }

    static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
