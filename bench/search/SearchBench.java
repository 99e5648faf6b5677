import static dev.lalala.search.catalogue.GeneratedTitles.EN;
import static dev.lalala.search.catalogue.GeneratedTitles.KO;
import static dev.lalala.search.catalogue.GeneratedTitles.cap;
import static dev.lalala.search.catalogue.GeneratedTitles.pick;
import static dev.lalala.search.catalogue.GeneratedTitles.title;
import static dev.lalala.search.catalogue.GeneratedTitles.typo;

import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.Visibility;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.events.user.UserEvents;
import dev.lalala.events.user.UserRegistered;
import dev.lalala.search.catalogue.GeneratedTitles;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Search through the gateway of a running fleet. Publishes 10,000 UserRegistered and 100,000 TrackPublished events
 * (titles from Korean and English word lists, some mixed; one in ten private) straight onto user.events and
 * track.events, waits until search-service has indexed them all (counting in Elasticsearch), which gives the
 * indexing throughput from Kafka, for artists and songs apart (one consumer takes both topics); then measures
 * through the gateway, anonymous:
 *   search       GET /api/search?q=<one or two words, Korean or English, some with a typo>
 *   suggest      GET /api/search/suggest?q=<a prefix of 1-6 letters or 1-2 syllables>
 */
public class SearchBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        String bootstrap = args[1];
        String elasticsearch = args[2];
        int artists = Integer.getInteger("bench.artists", 10_000);
        int tracks = Integer.getInteger("bench.tracks", 100_000);
        int requests = Integer.getInteger("bench.requests", 1_000);
        int concurrency = Integer.getInteger("bench.concurrency", 4);
        Random random = new Random(42);
        String run = Long.toString(System.currentTimeMillis(), 36);
        System.out.printf("machine: %d cores; %,d artists, %,d songs; %d requests per scenario, %d concurrent%n",
                Runtime.getRuntime().availableProcessors(), artists, tracks, requests, concurrency);

        // Events of an earlier run still being indexed would be counted as this run's: wait until the index is quiet.
        for (long previous = -1, now, quiet = 0; quiet < 3; previous = now) {
            now = count(elasticsearch, "tracks", null) + count(elasticsearch, "artists", null);
            quiet = now == previous ? quiet + 1 : 0;
            if (quiet == 0 && previous >= 0) {
                System.out.printf("waiting for earlier events to be indexed (%,d documents)%n", now);
            }
            Thread.sleep(2_000);
        }
        long tracksBefore = count(elasticsearch, "tracks", null);
        // Registered artists only: a song indexed before its artist leaves a placeholder without an id.
        long artistsBefore = count(elasticsearch, "artists", REGISTERED);
        long namelessBefore = count(elasticsearch, "tracks", NAMELESS);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        List<UUID> artistIds = new ArrayList<>();
        long started = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p, new StringSerializer(),
                new StringSerializer())) {
            for (int i = 0; i < artists; i++) {
                UUID id = UUID.randomUUID();
                artistIds.add(id);
                String name = i % 2 == 0 ? cap(pick(random, EN)) + " " + cap(pick(random, EN)) + " " + i
                        : pick(random, KO) + pick(random, KO) + " " + i;
                send(producer, EventEnvelope.of(UserEvents.USER_REGISTERED, new UserRegistered(id,
                        "bench-" + run + "-" + i + "@example.com", name, "bench" + run + i, Instant.now())));
            }
            producer.flush();
            for (int i = 0; i < tracks; i++) {
                UUID id = UUID.randomUUID();
                UUID owner = artistIds.get(random.nextInt(artistIds.size()));
                send(producer, EventEnvelope.of(TrackEvents.TRACK_PUBLISHED, new TrackPublished(id, owner,
                        title(random), i % 3 == 0 ? "ballad" : i % 3 == 1 ? "pop" : "electronic", List.of(), null,
                        i % 10 == 0 ? Visibility.PRIVATE : Visibility.PUBLIC, 180_000 + random.nextInt(120_000), 45,
                        176_400, 44_100, 0.0, null, Instant.now().minusSeconds(random.nextInt(90 * 86_400)))));
            }
            producer.flush();
        }
        double sent = (System.nanoTime() - started) / 1e9;
        System.out.printf("published %,d events in %.1f s%n", artists + tracks, sent);
        // Both topics are consumed at once: progress on either counts, and each gets its own rate.
        long lastArtists = -1;
        long lastTracks = -1;
        long lastChange = System.nanoTime();
        long lastPrint = System.nanoTime() - (long) 20e9;
        double artistsDone = 0;
        double tracksDone = 0;
        while (artists + tracks > 0 && (artistsDone == 0 || tracksDone == 0)) {
            long a = count(elasticsearch, "artists", REGISTERED) - artistsBefore;
            long t = count(elasticsearch, "tracks", null) - tracksBefore;
            double now = (System.nanoTime() - started) / 1e9;
            if (a >= artists && artistsDone == 0) {
                artistsDone = now;
            }
            if (t >= tracks && tracksDone == 0) {
                tracksDone = now;
            }
            if (a != lastArtists || t != lastTracks) {
                lastArtists = a;
                lastTracks = t;
                lastChange = System.nanoTime();
                if (lastChange - lastPrint > 10e9) {
                    lastPrint = lastChange;
                    System.out.printf("  %5.0f s: %,d of %,d artists, %,d of %,d songs%n", now, a, artists, t,
                            tracks);
                }
            } else if (System.nanoTime() - lastChange > 120e9) {
                throw new IllegalStateException("indexing stalled at " + a + " of " + artists + " artists and " + t
                        + " of " + tracks + " songs");
            }
            Thread.sleep(1_000);
        }
        double indexed = Math.max(artistsDone, tracksDone);
        if (artists + tracks == 0) {
            System.out.println("nothing published (BENCH_ARTISTS=0 BENCH_TRACKS=0): queries on the catalogue as it is");
        } else {
        System.out.printf("indexed %,d artists in %.1f s (%,.0f/s) and %,d songs in %.1f s (%,.0f/s), from the first "
                        + "event sent: %,.0f events/s in all; songs without an artist name: %,d%n", artists,
                artistsDone, artists / artistsDone, tracks, tracksDone, tracks / tracksDone,
                (artists + tracks) / indexed, count(elasticsearch, "tracks", NAMELESS) - namelessBefore);
        }

        // Every consumer of the fleet (feed, playlists, search) reads the same topics: the queries are timed once all
        // of them have caught up, not while the machine is still digesting the catalogue.
        waitForConsumersToCatchUp(bootstrap);
        System.out.printf("%-10s %9s %8s %8s %8s %8s%n", "scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors");
        GeneratedTitles.QueryMix mix = GeneratedTitles.queryMix(7);
        List<String> queries = mix.queries();
        List<String> prefixes = mix.prefixes();
        measure(requests / 2, concurrency, "warm-up", n -> gateway + "/api/search?q=" + enc(queries.get(n % 500)), false);
        measure(requests, concurrency, "search", n -> gateway + "/api/search?q=" + enc(queries.get(n % 500)), true);
        measure(requests / 2, concurrency, "warm-up", n -> gateway + "/api/search/suggest?q="
                + enc(prefixes.get(n % 500)), false);
        measure(requests, concurrency, "suggest", n -> gateway + "/api/search/suggest?q="
                + enc(prefixes.get(n % 500)), true);
    }

    /** Waits (up to 15 minutes) until every consumer group's committed offsets reach the end of its partitions. */
    static void waitForConsumersToCatchUp(String bootstrap) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        long started = System.nanoTime();
        try (Admin admin = Admin.create(p)) {
            for (int quiet = 0; quiet < 3; ) {
                long lag = 0;
                for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
                    Map<TopicPartition, OffsetAndMetadata> committed = admin
                            .listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    committed.keySet().forEach(tp -> latest.put(tp, OffsetSpec.latest()));
                    Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all()
                            .get();
                    for (var e : committed.entrySet()) {
                        if (e.getValue() != null && ends.containsKey(e.getKey())) {
                            lag += Math.max(0, ends.get(e.getKey()).offset() - e.getValue().offset());
                        }
                    }
                }
                // A few events of live traffic (presence, plays) may always be in flight.
                quiet = lag <= 10 ? quiet + 1 : 0;
                if (System.nanoTime() - started > 900e9) {
                    System.out.printf("consumers still %,d events behind after 15 minutes; measuring anyway%n", lag);
                    return;
                }
                Thread.sleep(2_000);
            }
        }
        System.out.printf("every consumer group caught up %.0f s after indexing finished%n",
                (System.nanoTime() - started) / 1e9);
    }

    static void measure(int requests, int concurrency, String name, IntFunction<String> url, boolean print)
            throws Exception {
        long[] latencies = new long[requests];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long started = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            for (int t = 0; t < concurrency; t++) {
                pool.submit(() -> {
                    int n;
                    while ((n = next.getAndIncrement()) < requests) {
                        long t0 = System.nanoTime();
                        try {
                            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url.apply(n)))
                                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() != 200) {
                                errors.incrementAndGet();
                            }
                        } catch (Exception e) {
                            errors.incrementAndGet();
                        }
                        latencies[n] = System.nanoTime() - t0;
                    }
                    return null;
                });
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(latencies);
        if (print) {
            System.out.printf("%-10s %9.0f %8.1f %8.1f %8.1f %8d%n", name, requests / seconds,
                    latencies[requests / 2] / 1e6, latencies[(int) (requests * 0.95)] / 1e6,
                    latencies[(int) Math.min(requests - 1, Math.ceil(requests * 0.99) - 1)] / 1e6, errors.get());
        }
    }

    static final String REGISTERED = "{\"query\": {\"exists\": {\"field\": \"id\"}}}";
    static final String NAMELESS =
            "{\"query\": {\"bool\": {\"must_not\": {\"exists\": {\"field\": \"artistName\"}}}}}";

    /** Documents in the index (matching {@code query}, a JSON body, when given). */
    static long count(String elasticsearch, String index, String query) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(elasticsearch + "/" + index + "/_count"));
        if (query != null) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(query));
        }
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"count\"\\s*:\\s*(\\d+)").matcher(r.body());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static void send(KafkaProducer<String, String> producer, EventEnvelope<?> event) {
        producer.send(new ProducerRecord<>(event.topic(), event.key(), EventJson.write(event)));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
