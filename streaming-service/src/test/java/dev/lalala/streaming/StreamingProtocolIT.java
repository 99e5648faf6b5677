package dev.lalala.streaming;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.Topics;
import dev.lalala.events.Visibility;
import dev.lalala.events.play.PlayVerified;
import dev.lalala.events.audio.TrackManifest;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.events.track.TrackUpdated;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.streaming.segment.SegmentCache;
import dev.lalala.streaming.support.Songs;
import dev.lalala.streaming.support.StreamClient;
import dev.lalala.streaming.support.StreamClient.SegmentFrame;
import dev.lalala.streaming.ws.Listeners;
import dev.lalala.streaming.ws.StreamSessionStats;
import dev.lalala.testsupport.TestClock;
import dev.lalala.testsupport.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * The streaming protocol end to end with a real WebSocket client, real FLAC segments and real Kafka: order, credit,
 * seek, one track after another, access, limits, slow and stuck clients, and PlayVerified once per listen.
 * The service's clock is one the test can move forward, so "30 s heard" needs no 30 s of waiting.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@LocalInfra(Component.KAFKA)
class StreamingProtocolIT {

    static final Path BLOBS;
    static final TestTokens TOKENS = new TestTokens();
    /** 47.3 s of stereo noise: 10 segments, the last one 2.3 s. */
    static Songs.Song SONG;
    static Songs.Song SHORT_SONG;

    static {
        try {
            BLOBS = Files.createTempDirectory("lalala-blobs-");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("lalala.blob.filesystem.root", BLOBS::toString);
        registry.add("lalala.security.jwk-set-uri", TOKENS::jwkSetUri);
        registry.add("lalala.streaming.ws.stall-timeout", () -> "2s");
        registry.add("lalala.streaming.ws.tick", () -> "200ms");
        registry.add("lalala.streaming.ws.max-connections-per-user", () -> "2");
        registry.add("lalala.streaming.manifest-ttl", () -> "1h");
    }

    @TestConfiguration
    static class Clocks {
        @Bean
        TestClock clock() {
            return TestClock.realTime();
        }
    }

    @BeforeAll
    static void makeSongs() {
        SONG = Songs.make(BLOBS.resolveSibling(BLOBS.getFileName() + "-song"), 47.3, 11);
        SHORT_SONG = Songs.make(BLOBS.resolveSibling(BLOBS.getFileName() + "-short"), 7.0, 21);
    }

    @AfterAll
    static void removeBlobs() {
        FileSystemUtils.deleteRecursively(BLOBS.toFile());
        FileSystemUtils.deleteRecursively(BLOBS.resolveSibling(BLOBS.getFileName() + "-song").toFile());
        FileSystemUtils.deleteRecursively(BLOBS.resolveSibling(BLOBS.getFileName() + "-short").toFile());
        TOKENS.close();
    }

    @LocalServerPort
    int port;

    @Value("${spring.kafka.bootstrap-servers}")
    String kafka;

    @Autowired
    TestClock clock;

    @Autowired
    Listeners listeners;

    @Autowired
    SegmentCache cache;

    @Autowired
    MeterRegistry registry;

    // ---- playback ----

    @Test
    void segmentsArriveInOrderWithinCreditAreTheFilesAndDecodeToTheSong() {
        UUID track = publish(SONG, Visibility.PUBLIC, UUID.randomUUID());
        try (StreamClient client = connect(UUID.randomUUID())) {
            client.send(play(track, 0));
            JsonNode header = client.nextText();
            assertThat(header.path("type").asString()).isEqualTo("track");
            assertThat(header.path("trackId").asString()).isEqualTo(track.toString());
            assertThat(header.path("segmentCount").asInt()).isEqualTo(10);
            assertThat(header.path("segmentDurationMs").asLong()).isEqualTo(5_000);
            assertThat(header.path("sampleRate").asInt()).isEqualTo(44_100);
            assertThat(header.path("gainDb").asDouble()).isEqualTo(0.5);
            assertThat(header.path("waveform").size()).isEqualTo(100);
            assertThat(header.path("playId").asString()).isNotBlank();
            // No credit, no segment.
            assertThat(client.poll(Duration.ofMillis(700))).isNull();

            ByteArrayOutputStream decoded = new ByteArrayOutputStream();
            int expected = 0;
            // Exactly the 10 segments' worth: the end needs no credit.
            for (int grant : new int[] {3, 2, 4, 1}) {
                client.send(credit(grant));
                int arriving = Math.min(grant, SONG.segmentCount() - expected);
                for (int i = 0; i < arriving; i++) {
                    SegmentFrame frame = client.nextSegment();
                    assertThat(frame.trackId()).isEqualTo(track);
                    assertThat(frame.index()).isEqualTo(expected);
                    assertThat(frame.flac()).isEqualTo(SONG.segment(expected));
                    decoded.writeBytes(Songs.decode(frame.flac()));
                    expected++;
                }
                if (expected < SONG.segmentCount()) {
                    // Exactly the credit granted, then nothing until the next grant.
                    assertThat(client.poll(Duration.ofMillis(500))).as("beyond credit").isNull();
                }
            }
            assertThat(client.nextText().path("type").asString()).isEqualTo("end");
            assertThat(decoded.toByteArray()).isEqualTo(SONG.pcm());
        }
    }

    @Test
    void seekLandsOnTheSegmentAndASecondTrackPlaysOnTheSameConnection() {
        UUID first = publish(SONG, Visibility.PUBLIC, UUID.randomUUID());
        UUID second = publish(SHORT_SONG, Visibility.UNLISTED, UUID.randomUUID());
        try (StreamClient client = connect(UUID.randomUUID())) {
            client.send(play(first, 2));
            assertThat(client.nextText().path("fromSegment").asInt()).isEqualTo(2);
            client.send(credit(1));
            assertThat(client.nextSegment().index()).isEqualTo(2);

            client.send("{\"type\":\"seek\",\"segment\":7}");
            client.send(credit(2));
            SegmentFrame seven = client.nextSegment();
            assertThat(seven.index()).isEqualTo(7);
            assertThat(Songs.decode(seven.flac())).isEqualTo(SONG.pcm(7, 8));
            assertThat(client.nextSegment().index()).isEqualTo(8);

            client.send("{\"type\":\"seek\",\"segment\":10}");
            assertThat(client.nextText().path("code").asString()).isEqualTo("invalid-segment");

            client.send(play(second, 0));
            JsonNode header = client.nextText();
            assertThat(header.path("trackId").asString()).isEqualTo(second.toString());
            assertThat(header.path("segmentCount").asInt()).isEqualTo(2);
            client.send(credit(5));
            assertThat(client.nextSegment()).satisfies(s -> {
                assertThat(s.trackId()).isEqualTo(second);
                assertThat(s.index()).isZero();
                assertThat(s.flac()).isEqualTo(SHORT_SONG.segment(0));
            });
            assertThat(client.nextSegment().flac()).isEqualTo(SHORT_SONG.segment(1));
            JsonNode end = client.nextText();
            assertThat(end.path("type").asString()).isEqualTo("end");
            assertThat(end.path("trackId").asString()).isEqualTo(second.toString());
        }
    }

    @Test
    void badRequestsGetErrorFramesAndTheConnectionSurvives() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID secret = publish(SONG, Visibility.PRIVATE, owner);
        UUID open = publish(SHORT_SONG, Visibility.PUBLIC, UUID.randomUUID());
        try (StreamClient stranger = connect(UUID.randomUUID()); StreamClient mine = connect(owner)) {
            stranger.send(play(secret, 0));
            assertError(stranger.nextText(), "forbidden");
            stranger.send(play(UUID.randomUUID(), 0));
            assertError(stranger.nextText(), "not-found");
            stranger.send(play(open, 2));
            assertError(stranger.nextText(), "invalid-segment");
            stranger.send("{\"type\":\"seek\",\"segment\":1}");
            assertError(stranger.nextText(), "no-track");
            stranger.send(credit(0));
            assertError(stranger.nextText(), "invalid-credit");
            stranger.send(credit(1000));
            assertError(stranger.nextText(), "invalid-credit");
            stranger.send("x".repeat(9_000));
            // A frame over the 8 KiB limit is refused by Netty: the connection is closed, cleanly (1009).
            Object closed = stranger.next();
            assertThat(closed).isInstanceOf(StreamClient.Closed.class);
            assertThat(((StreamClient.Closed) closed).code()).isEqualTo(1009);

            mine.send(play(secret, 9));
            assertThat(mine.nextText().path("type").asString()).isEqualTo("track");
            mine.send(credit(1));
            assertThat(mine.nextSegment().flac()).isEqualTo(SONG.segment(9));
        }
    }

    @Test
    void aDeletedTrackStopsPlayingAtOnceThroughTrackEvents() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID track = publish(SHORT_SONG, Visibility.PUBLIC, owner);
        try (StreamClient client = connect(UUID.randomUUID())) {
            client.send(play(track, 0));
            assertThat(client.nextText().path("type").asString()).isEqualTo("track");
            // The manifest is cached for an hour in this test: only the event can make the service forget it.
            FileSystemUtils.deleteRecursively(BLOBS.resolve("tracks/" + track));
            try (KafkaProducer<String, String> producer = producer()) {
                EventEnvelope<TrackDeleted> deleted = EventEnvelope.of(TrackEvents.TRACK_DELETED,
                        new TrackDeleted(track, owner));
                producer.send(new ProducerRecord<>(Topics.TRACK_EVENTS, deleted.key(), EventJson.write(deleted))).get();
            }
            JsonNode answer = null;
            for (int attempt = 0; attempt < 50; attempt++) {
                client.send(play(track, 0));
                answer = client.nextText();
                if (answer.path("type").asString().equals("error")) {
                    break;
                }
                Thread.sleep(200);
            }
            assertError(answer, "not-found");
        }
    }

    @Test
    void aTrackMadePrivateStopsForTheOpenSocketsOfOthersButNotForItsOwner() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID track = UUID.randomUUID();
        TrackManifest published = SONG.publish(BLOBS, track, owner, Visibility.PUBLIC);
        try (StreamClient listener = connect(UUID.randomUUID()); StreamClient artist = connect(owner)) {
            for (StreamClient client : List.of(listener, artist)) {
                client.send(play(track, 0));
                assertThat(client.nextText().path("type").asString()).isEqualTo("track");
                client.send(credit(1));
                assertThat(client.nextSegment().index()).isZero();
            }
            // The owner makes it private: track-service rewrites the manifest, then says so on track.events.
            Songs.writeManifest(BLOBS, published.withVisibility(Visibility.PRIVATE));
            try (KafkaProducer<String, String> producer = producer()) {
                EventEnvelope<TrackUpdated> updated = EventEnvelope.of(TrackEvents.TRACK_UPDATED, new TrackUpdated(
                        track, owner, "t", "electronic", List.of(), null, Visibility.PRIVATE, null));
                producer.send(new ProducerRecord<>(Topics.TRACK_EVENTS, updated.key(), EventJson.write(updated))).get();
            }
            // The other listener is stopped at once, without asking; more credit brings nothing.
            assertError(listener.nextText(), "forbidden");
            listener.send(credit(2));
            assertThat(listener.poll(Duration.ofSeconds(1))).isNull();
            // The owner keeps listening.
            artist.send(credit(1));
            assertThat(artist.nextSegment().index()).isEqualTo(1);
        }
    }

    // ---- limits, slow and stuck clients ----

    @Test
    void aUserHasAtMostTheConfiguredNumberOfConnections() {
        UUID user = UUID.randomUUID();
        try (StreamClient one = connect(user); StreamClient two = connect(user);
                StreamClient three = StreamClient.attempt(url(), "lalala.stream.v1, bearer." + TOKENS.tokenFor(user),
                        null)) {
            three.awaitOpen();
            assertThat(three.nextText().path("type").asString()).isEqualTo("hello");
            assertError(three.nextText(), "too-many-connections");
            Object closed = three.next();
            assertThat(closed).isInstanceOf(StreamClient.Closed.class);
            assertThat(((StreamClient.Closed) closed).code()).isEqualTo(4429);
            one.send("{\"type\":\"ping\",\"t0\":1}");
            assertThat(one.nextText().path("type").asString()).isEqualTo("pong");
        }
    }

    @Test
    void aClientThatNeverGrantsCreditGetsNoSegmentsAndHoldsNothing() {
        UUID user = UUID.randomUUID();
        UUID track = publish(SONG, Visibility.PUBLIC, UUID.randomUUID());
        try (StreamClient client = connect(user)) {
            client.send(play(track, 0));
            assertThat(client.nextText().path("type").asString()).isEqualTo("track");
            assertThat(client.poll(Duration.ofSeconds(1))).isNull();
            assertThat(statsOf(user)).singleElement().satisfies(stats -> {
                assertThat(stats.segmentsSent()).isZero();
                assertThat(stats.unwrittenSegments()).isZero();
                assertThat(stats.bufferedBytes()).isZero();
            });
        }
    }

    /**
     * A raw socket that upgrades, plays, grants credit and then never reads: the server holds at most that credit's
     * segments for it (the cached arrays themselves, wrapped); granting more, again and again, does not make it hold
     * more than {@code max-credit} unwritten segments; and it is dropped once nothing was written to it for the stall
     * timeout, freeing everything.
     */
    @Test
    void aClientThatStopsReadingIsBoundedByItsCreditAndThenDropped() throws Exception {
        UUID user = UUID.randomUUID();
        UUID track = publish(SONG, Visibility.PUBLIC, UUID.randomUUID());
        double droppedBefore = dropped("stalled");
        long biggestSegment = 0;
        for (int i = 0; i < SONG.segmentCount(); i++) {
            biggestSegment = Math.max(biggestSegment, SONG.segment(i).length);
        }
        try (Socket socket = new Socket()) {
            socket.setReceiveBufferSize(4096);
            socket.connect(new InetSocketAddress("127.0.0.1", port));
            OutputStream out = socket.getOutputStream();
            out.write(("GET /api/stream/ws HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: lalala.stream.v1, bearer."
                    + TOKENS.tokenFor(user) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readHead(socket.getInputStream())).startsWith("HTTP/1.1 101");
            out.write(maskedText(play(track, 0)));
            out.write(maskedText(credit(8)));
            out.flush();

            // What the credit allows goes out (about 6.5 MB: more than the kernel buffers take), not one segment
            // more; what the client does not read stays unwritten, held for it, and no more than that.
            // Generous wait: the bound is what is asserted, not the speed (a loaded CI machine was slower than 10 s).
            await(() -> statsOf(user).stream().anyMatch(s -> s.segmentsSent() + s.unwrittenSegments() == 8),
                    Duration.ofSeconds(30));
            long bound = 8 * (biggestSegment + 20) + 64 * 1024;
            for (int i = 0; i < 3; i++) {
                assertThat(statsOf(user)).singleElement().satisfies(stats -> {
                    assertThat(stats.segmentsSent() + stats.unwrittenSegments()).isEqualTo(8);
                    assertThat(stats.unwrittenSegments()).isPositive();
                    assertThat(stats.credit()).isZero();
                    assertThat(stats.bufferedBytes()).isLessThanOrEqualTo(bound);
                });
                assertThat(cache.weightedBytes()).isLessThanOrEqualTo(cache.maxBytes());
                Thread.sleep(150);
            }

            // Granting more and more, and starting the song over, while reading nothing: never more than max-credit
            // (16) segments held for it.
            int sentBefore = (int) statsOf(user).getFirst().segmentsSent();
            for (int i = 0; i < 4; i++) {
                out.write(maskedText(credit(16)));
                out.write(maskedText(play(track, 0)));
            }
            out.flush();
            await(() -> statsOf(user).stream().anyMatch(s -> s.unwrittenSegments() == 16), Duration.ofSeconds(5));
            long bound16 = 16 * (biggestSegment + 20) + 64 * 1024;
            for (int i = 0; i < 3; i++) {
                assertThat(statsOf(user)).singleElement().satisfies(stats -> {
                    assertThat(stats.unwrittenSegments()).isEqualTo(16);
                    assertThat(stats.segmentsSent()).isEqualTo(sentBefore);
                    assertThat(stats.bufferedBytes()).isLessThanOrEqualTo(bound16);
                });
                Thread.sleep(100);
            }

            // Stalled for 2 s (this test's stall timeout): dropped, and nothing is held for it any more.
            await(() -> statsOf(user).isEmpty(), Duration.ofSeconds(15));
            assertThat(dropped("stalled")).isEqualTo(droppedBefore + 1);
            assertThat(listeners.stats()).noneMatch(s -> s.userId().equals(user));
        }
    }

    // ---- plays ----

    @Test
    void aListenOf30SecondsIsVerifiedOnceEvenAcrossAReconnectAndSeeks() throws Exception {
        UUID listener = UUID.randomUUID();
        UUID track = publish(SONG, Visibility.PUBLIC, UUID.randomUUID());
        String playId;
        try (KafkaConsumer<String, String> plays = plays()) {
            try (StreamClient client = connect(listener)) {
                client.send(play(track, 0));
                playId = client.nextText().path("playId").asString();
                client.send(credit(7));
                for (int i = 0; i < 7; i++) {
                    client.nextSegment();
                }
                // 35 s delivered in a moment: not heard yet, nobody hears 35 s in less than 30 s.
                assertThat(playsOf(plays, listener, Duration.ofSeconds(2))).isEmpty();

                clock.advance(Duration.ofSeconds(31));
                List<PlayVerified> verified = playsOf(plays, listener, Duration.ofSeconds(5));
                assertThat(verified).singleElement().satisfies(play -> {
                    assertThat(play.trackId()).isEqualTo(track);
                    assertThat(play.playId().toString()).isEqualTo(playId);
                    assertThat(play.deliveredMs()).isEqualTo(35_000);
                });
            }
            // The listener's connection dropped; it reconnects, seeks back and forth: the same listen.
            try (StreamClient again = connect(listener)) {
                again.send(play(track, 3));
                assertThat(again.nextText().path("playId").asString()).isEqualTo(playId);
                again.send(credit(2));
                again.nextSegment();
                again.nextSegment();
                again.send("{\"type\":\"seek\",\"segment\":0}");
                again.send(credit(2));
                again.nextSegment();
                again.nextSegment();
                clock.advance(Duration.ofSeconds(40));
                assertThat(playsOf(plays, listener, Duration.ofSeconds(3))).isEmpty();
            }
        }
    }

    @Test
    void aListenerWhoSkipsAfterFiveSecondsDoesNotCountEvenWithMoreBuffered() throws Exception {
        UUID listener = UUID.randomUUID();
        UUID track = publish(SONG, Visibility.PUBLIC, UUID.randomUUID());
        UUID next = publish(SHORT_SONG, Visibility.PUBLIC, UUID.randomUUID());
        try (KafkaConsumer<String, String> plays = plays(); StreamClient client = connect(listener)) {
            client.send(play(track, 0));
            client.nextText();
            client.send(credit(8));
            for (int i = 0; i < 8; i++) {
                client.nextSegment();
            }
            // 40 s buffered, but after 5 s the listener moves on.
            clock.advance(Duration.ofSeconds(5));
            client.send(play(next, 0));
            assertThat(client.nextText().path("trackId").asString()).isEqualTo(next.toString());
            clock.advance(Duration.ofSeconds(60));

            assertThat(playsOf(plays, listener, Duration.ofSeconds(3))).isEmpty();
        }
    }

    @Test
    void metricsCountListenersSegmentsBytesAndTimeToFirstSegment() throws Exception {
        UUID track = publish(SHORT_SONG, Visibility.PUBLIC, UUID.randomUUID());
        double segmentsBefore = registry.get("lalala.stream.segments.sent").counter().count();
        double bytesBefore = registry.get("lalala.stream.bytes.sent").counter().count();
        long firstBefore = registry.get("lalala.stream.first.segment").timer().count();
        try (StreamClient client = connect(UUID.randomUUID())) {
            client.send(credit(2));
            client.send(play(track, 0));
            client.nextText();
            client.nextSegment();
            client.nextSegment();
            assertThat(registry.get("lalala.stream.listeners").gauge().value()).isGreaterThanOrEqualTo(1);
        }
        // Counted once Netty wrote the frame, which may be just after the client already read it.
        double bytes = SHORT_SONG.segment(0).length + SHORT_SONG.segment(1).length + 40;
        await(() -> registry.get("lalala.stream.segments.sent").counter().count() >= segmentsBefore + 2
                && registry.get("lalala.stream.bytes.sent").counter().count() >= bytesBefore + bytes,
                Duration.ofSeconds(5));
        assertThat(registry.get("lalala.stream.segments.sent").counter().count()).isEqualTo(segmentsBefore + 2);
        assertThat(registry.get("lalala.stream.bytes.sent").counter().count())
                .isEqualTo(bytesBefore + bytes);
        assertThat(registry.get("lalala.stream.first.segment").timer().count()).isEqualTo(firstBefore + 1);

        String prometheus = new String(java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
                        + "/actuator/prometheus")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body(), StandardCharsets.UTF_8);
        assertThat(prometheus).contains("lalala_stream_listeners", "lalala_stream_segments_sent_total",
                "lalala_stream_bytes_sent_bytes_total", "lalala_stream_first_segment_seconds_bucket{",
                "lalala_stream_first_segment_seconds_count{", "lalala_stream_segment_cache_bytes",
                "lalala_stream_buffered_bytes");
    }

    // ---- helpers ----

    static UUID publish(Songs.Song song, Visibility visibility, UUID owner) {
        UUID track = UUID.randomUUID();
        song.publish(BLOBS, track, owner, visibility);
        return track;
    }

    String url() {
        return "ws://127.0.0.1:" + port + "/api/stream/ws";
    }

    StreamClient connect(UUID user) {
        return StreamClient.connect(url(), TOKENS.tokenFor(user));
    }

    static String play(UUID track, int from) {
        return "{\"type\":\"play\",\"trackId\":\"" + track + "\",\"fromSegment\":" + from + "}";
    }

    static String credit(int n) {
        return "{\"type\":\"credit\",\"n\":" + n + "}";
    }

    static void assertError(JsonNode frame, String code) {
        assertThat(frame.path("type").asString()).as(frame.toString()).isEqualTo("error");
        assertThat(frame.path("code").asString()).as(frame.toString()).isEqualTo(code);
        assertThat(frame.path("message").asString()).isNotBlank();
    }

    List<StreamSessionStats> statsOf(UUID user) {
        return listeners.stats().stream().filter(s -> s.userId().equals(user)).toList();
    }

    double dropped(String reason) {
        var counter = registry.find("lalala.stream.clients.dropped").tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    static void await(java.util.function.BooleanSupplier condition, Duration timeout)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    KafkaConsumer<String, String> plays() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(properties, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of(Topics.PLAY_EVENTS));
        return consumer;
    }

    KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of("bootstrap.servers", kafka), new StringSerializer(), new StringSerializer());
    }

    /** The PlayVerified events of one listener that arrive within {@code within}. */
    static List<PlayVerified> playsOf(KafkaConsumer<String, String> consumer, UUID listener, Duration within) {
        List<PlayVerified> found = new ArrayList<>();
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                EventEnvelope<?> envelope = EventJson.read(record.value());
                if (envelope.payload() instanceof PlayVerified play && play.listenerId().equals(listener)) {
                    assertThat(record.key()).isEqualTo(play.trackId().toString());
                    found.add(play);
                }
            }
        }
        return found;
    }

    static String readHead(InputStream in) throws Exception {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    /** A client-to-server text frame (clients must mask). */
    static byte[] maskedText(String text) {
        byte[] payload = text.getBytes(StandardCharsets.UTF_8);
        byte[] mask = {1, 2, 3, 4};
        ByteArrayOutputStream frame = new ByteArrayOutputStream();
        frame.write(0x81);
        frame.write(0x80 | payload.length);
        frame.writeBytes(mask);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        return frame.toByteArray();
    }
}
