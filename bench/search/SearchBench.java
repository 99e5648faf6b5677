import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.Visibility;
import dev.lalala.events.track.TrackEvents;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.events.user.UserEvents;
import dev.lalala.events.user.UserRegistered;
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
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Search through the gateway of a running fleet. Publishes 10,000 UserRegistered and 100,000 TrackPublished events
 * (titles from Korean and English word lists, some mixed; one in ten private) straight onto user.events and
 * track.events, waits until search-service has indexed them all (counting in Elasticsearch), which gives the
 * indexing throughput from Kafka; then measures through the gateway, anonymous:
 *   search       GET /api/search?q=<one or two words, Korean or English, some with a typo>
 *   suggest      GET /api/search/suggest?q=<a prefix of 1-6 letters or 1-2 syllables>
 */
public class SearchBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final String[] EN = ("midnight city rain dance summer river light shadow dream fire ocean road heart "
            + "star moon sun winter golden silver electric velvet neon lonely broken wild sweet blue red green echo "
            + "thunder whisper paper glass crystal garden ghost angel machine sugar cane lullaby highway desert "
            + "mountain morning evening forever tonight yesterday tomorrow memory story letter window mirror")
            .split(" ");
    static final String[] KO = ("서울 밤 사랑 바다 하늘 별 달 꿈 비 눈물 노래 여름 겨울 봄 가을 바람 기억 추억 "
            + "하루 마음 시간 도시 거리 불빛 새벽 아침 저녁 편지 그대 우리 너 나 빛 길 꽃 나무 강 산 섬 파도").split(" ");
    static final String[] PARTICLES = {"", "의", "에", "을", "는", "와", "로"};

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

        long tracksBefore = count(elasticsearch, "tracks");
        long artistsBefore = count(elasticsearch, "artists");
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
        long target = tracksBefore + tracks;
        long last = -1;
        long lastChange = System.nanoTime();
        while (true) {
            long n = count(elasticsearch, "tracks");
            if (n >= target) {
                break;
            }
            if (n != last) {
                last = n;
                lastChange = System.nanoTime();
            } else if (System.nanoTime() - lastChange > 120e9) {
                throw new IllegalStateException("indexing stalled at " + n + " of " + target);
            }
            Thread.sleep(1_000);
        }
        double indexed = (System.nanoTime() - started) / 1e9;
        System.out.printf("indexed %,d songs and %,d artists in %.1f s from the first event: %,.0f events/s "
                        + "(artists now %,d)%n", tracks, artists, indexed, (artists + tracks) / indexed,
                count(elasticsearch, "artists") - artistsBefore);

        System.out.printf("%-10s %9s %8s %8s %8s %8s%n", "scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors");
        List<String> queries = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        Random q = new Random(7);
        for (int i = 0; i < 500; i++) {
            switch (i % 5) {
                case 0 -> queries.add(pick(q, EN));
                case 1 -> queries.add(pick(q, EN) + " " + pick(q, EN));
                case 2 -> queries.add(pick(q, KO) + pick(q, PARTICLES));
                case 3 -> queries.add(pick(q, KO) + " " + pick(q, EN));
                default -> queries.add(typo(q, pick(q, EN)));
            }
            String word = i % 2 == 0 ? pick(q, EN) : pick(q, KO);
            prefixes.add(word.substring(0, Math.min(word.length(), 1 + q.nextInt(i % 2 == 0 ? 6 : 2))));
        }
        measure(requests / 2, concurrency, "warm-up", n -> gateway + "/api/search?q=" + enc(queries.get(n % 500)), false);
        measure(requests, concurrency, "search", n -> gateway + "/api/search?q=" + enc(queries.get(n % 500)), true);
        measure(requests / 2, concurrency, "warm-up", n -> gateway + "/api/search/suggest?q="
                + enc(prefixes.get(n % 500)), false);
        measure(requests, concurrency, "suggest", n -> gateway + "/api/search/suggest?q="
                + enc(prefixes.get(n % 500)), true);
    }

    static String title(Random r) {
        return switch (r.nextInt(4)) {
            case 0 -> cap(pick(r, EN)) + " " + cap(pick(r, EN));
            case 1 -> cap(pick(r, EN)) + " " + cap(pick(r, EN)) + " " + cap(pick(r, EN));
            case 2 -> pick(r, KO) + pick(r, PARTICLES) + " " + pick(r, KO);
            default -> pick(r, KO) + pick(r, PARTICLES) + " " + cap(pick(r, EN));
        };
    }

    static String typo(Random r, String word) {
        if (word.length() < 5) {
            return word;
        }
        int i = 1 + r.nextInt(word.length() - 2);
        return word.substring(0, i) + word.charAt(i + 1) + word.charAt(i) + word.substring(i + 2);
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

    static long count(String elasticsearch, String index) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(elasticsearch + "/" + index + "/_count"))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        Matcher m = Pattern.compile("\"count\"\\s*:\\s*(\\d+)").matcher(r.body());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    static void send(KafkaProducer<String, String> producer, EventEnvelope<?> event) {
        producer.send(new ProducerRecord<>(event.topic(), event.key(), EventJson.write(event)));
    }

    static String pick(Random r, String[] words) {
        return words[r.nextInt(words.length)];
    }

    static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
