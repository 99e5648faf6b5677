package lalala.bench;

import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.pace;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.repeat;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.ws;

import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * N listeners, each playing one song in real time with its own credit, as the web player does
 * (docs/streaming.md): open {@code /api/stream/ws} with the token as a subprotocol, grant 3 segments (15 s of
 * buffer), {@code play} from segment 0, then each time a segment has finished playing (every 5 s) grant one more.
 *
 * <p>What Gatling reports, by request name:
 * <ul>
 *   <li>{@code connect}: the WebSocket handshake, until the server's hello;</li>
 *   <li>{@code first segment}: from sending {@code play} to the first binary frame (time to first sound), which must
 *       carry segment 0; {@code buffer} the next two;</li>
 *   <li>{@code segment on time}: each later segment, from the credit that asked for it. It is due when the two
 *       buffered ones have played, 10 s later: the check times out (KO) at that deadline, so every KO here is a
 *       <b>stall</b>. The index in the frame header must be the one expected (in order, none skipped).</li>
 * </ul>
 * Settings (system properties): {@code bench.url} (ws://host:port), {@code bench.track}, {@code bench.keys} (the
 * folder with the bench's RSA key, whose JWKS the services trust), {@code bench.listeners} (1000),
 * {@code bench.ramp} (seconds, 20), {@code bench.listen} (seconds each listener plays, 60).
 */
public class StreamingSimulation extends Simulation {

    static final Duration SEGMENT = Duration.ofSeconds(5);
    static final int BUFFERED = 3;

    final String url = System.getProperty("bench.url", "ws://127.0.0.1:8080");
    final String track = System.getProperty("bench.track");
    final int listeners = Integer.getInteger("bench.listeners", 1000);
    final int ramp = Integer.getInteger("bench.ramp", 20);
    final int listen = Integer.getInteger("bench.listen", 60);
    /** Segments granted one by one after the initial buffer: one per 5 s of listening after the first. */
    final int later = Math.max(0, listen / 5 - 1);

    HttpProtocolBuilder protocol = http.wsBaseUrl(url).wsMaxReconnects(0);

    // Tokens are signed up front, so signing costs the driver nothing during the ramp.
    final Iterator<Map<String, Object>> tokens = mintTokens(listeners);

    ScenarioBuilder listener = scenario("listener")
            .feed(tokens)
            .exec(ws("connect").connect("/api/stream/ws").subprotocol("lalala.stream.v1,bearer.#{token}")
                    .await(Duration.ofSeconds(30)).on(
                            ws.checkTextMessage("hello").check(jsonPath("$.type").is("hello"))))
            .exec(ws("credit").sendText("{\"type\":\"credit\",\"n\":" + BUFFERED + "}"))
            .exec(ws("play").sendText("{\"type\":\"play\",\"trackId\":\"" + track + "\",\"fromSegment\":0}")
                    .await(Duration.ofSeconds(30)).on(
                            ws.checkBinaryMessage("first segment").check(index().is(0)),
                            ws.checkBinaryMessage("buffer").check(index().is(1)),
                            ws.checkBinaryMessage("buffer").check(index().is(2))))
            .exec(pause(SEGMENT))
            .exec(repeat(later, "k").on(
                    pace(SEGMENT).exec(ws("credit 1").sendText("{\"type\":\"credit\",\"n\":1}")
                            .await(SEGMENT.multipliedBy(BUFFERED - 1)).on(
                                    ws.checkBinaryMessage("segment on time")
                                            .check(index().is(session -> session.getInt("k") + BUFFERED))))))
            .exec(ws("close").close());

    {
        setUp(listener.injectOpen(rampUsers(listeners).during(Duration.ofSeconds(ramp))))
                .protocols(protocol)
                .assertions(
                        global().failedRequests().count().is(0L),
                        details("first segment").responseTime().percentile(99.0).lt(100));
    }

    /** The segment index from the frame header: 16 bytes of track id, then a 4-byte big-endian index. */
    static io.gatling.javaapi.core.CheckBuilder.Validate<Integer> index() {
        return bodyBytes().transform(bytes -> bytes.length < 20 ? -1 : ByteBuffer.wrap(bytes, 16, 4).getInt());
    }

    static Iterator<Map<String, Object>> mintTokens(int count) {
        try {
            PrivateKey key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                    Files.readAllBytes(Path.of(System.getProperty("bench.keys"), "key.pk8"))));
            List<Map<String, Object>> list = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                list.add(Map.of("token", token(key, UUID.randomUUID())));
            }
            return list.iterator();
        } catch (Exception e) {
            throw new IllegalStateException("cannot mint bench tokens (is bench.keys set?)", e);
        }
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
