import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;

/**
 * Follow graph and feed, through the gateway of a running fleet. Seeds Neo4j directly over Bolt (10,000 signed-up
 * accounts would take most of an hour through auth-service's Argon2id): 10,000 users (one in five an artist), each
 * following 10 others at random, the bench user (a real account, signed up through the gateway) following 1,000 of
 * them, and 100,000 TRACK_PUBLISHED activities spread over the artists and 90 days. Then measures:
 *   feed-first     GET /api/feed?limit=20
 *   feed-next      GET /api/feed?limit=20&cursor=<the first page's>
 *   suggestions    GET /api/follows/suggestions?limit=10
 *   follow/unfollow PUT then DELETE /api/follows/{random seeded user}, for a fixed time at a fixed concurrency
 * and, for the fan-out decision, the cost of one fan-out-on-write (one inbox entry per follower) for the most
 * followed artist, in Cypher over Bolt. Everything seeded carries {bench: true} and is deleted at the end.
 */
public class FeedBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");
    static final int USERS = 10_000;
    static final int FOLLOWED_BY_ME = 1_000;
    static final int ACTIVITIES = 100_000;

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        int requests = Integer.getInteger("bench.requests", 400);
        int seconds = Integer.getInteger("bench.seconds", 15);
        int concurrency = Integer.getInteger("bench.concurrency", 4);
        try (Driver neo4j = GraphDatabase.driver(args[1], AuthTokens.none())) {
            String email = "feed-bench-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            String password = "feed bench passphrase 42";
            HttpResponse<String> signup = post(gateway + "/api/auth/signup", "{\"email\":\"" + email
                    + "\",\"password\":\"" + password + "\",\"displayName\":\"Feed Bench\"}");
            if (signup.statusCode() != 201) {
                throw new IllegalStateException("sign-up failed: " + signup.statusCode() + " " + signup.body());
            }
            String me = field(signup.body(), "userId");
            String token = field(post(gateway + "/api/auth/login",
                    "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}").body(), "accessToken");
            List<String> users = seed(neo4j, me);
            try {
                System.out.printf("machine: %d cores; %d requests per read scenario, %d s follow/unfollow, %d concurrent%n",
                        Runtime.getRuntime().availableProcessors(), requests, seconds, concurrency);
                System.out.printf("%-16s %9s %8s %8s %8s %8s%n", "scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors");
                String first = get(gateway + "/api/feed?limit=20", token).body();
                String cursor = field(first, "nextCursor");
                count(requests, concurrency, "warm-up", n -> get(gateway + "/api/feed?limit=20", token), false);
                count(requests, concurrency, "feed-first", n -> get(gateway + "/api/feed?limit=20", token), true);
                count(requests, concurrency, "feed-next",
                        n -> get(gateway + "/api/feed?limit=20&cursor=" + cursor, token), true);
                count(requests / 2, concurrency, "warm-up", n -> get(gateway + "/api/follows/suggestions?limit=10", token), false);
                count(requests, concurrency, "suggestions",
                        n -> get(gateway + "/api/follows/suggestions?limit=10", token), true);
                // The same reads straight at feed-service (no gateway), to tell the gateway's share from the service's.
                String direct = System.getProperty("bench.direct", "");
                if (!direct.isBlank()) {
                    count(requests, concurrency, "feed-first direct", n -> get(direct + "/api/feed?limit=20", token), true);
                    count(requests, concurrency, "feed-next direct",
                            n -> get(direct + "/api/feed?limit=20&cursor=" + cursor, token), true);
                    count(requests, concurrency, "suggest. direct",
                            n -> get(direct + "/api/follows/suggestions?limit=10", token), true);
                }
                Random random = new Random(7);
                timed(seconds, concurrency * 2, "follow+unfollow", () -> {
                    String target = users.get(random.nextInt(users.size()));
                    HttpResponse<String> f = send("PUT", gateway + "/api/follows/" + target, token);
                    HttpResponse<String> u = send("DELETE", gateway + "/api/follows/" + target, token);
                    return f.statusCode() == 200 && u.statusCode() == 200;
                });
                fanOutOnWrite(neo4j);
            } finally {
                cleanUp(neo4j, me);
            }
        }
    }

    static List<String> seed(Driver neo4j, String me) {
        long t0 = System.nanoTime();
        Random random = new Random(42);
        List<String> ids = new ArrayList<>(USERS);
        for (int i = 0; i < USERS; i++) {
            ids.add(new UUID(random.nextLong(), random.nextLong()).toString());
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < USERS; i++) {
            rows.add(Map.of("id", ids.get(i), "handle", "bench" + i, "name", "Bench User " + i, "artist", i % 5 == 0));
        }
        batches(neo4j, rows, """
                UNWIND $rows AS r
                MERGE (u:User {id: r.id})
                SET u.handle = r.handle, u.displayName = r.name, u.artist = r.artist, u.bench = true""");
        neo4j.executableQuery("MERGE (u:User {id: $me}) SET u.displayName = 'Feed Bench'")
                .withParameters(Map.of("me", me)).execute();
        Instant now = Instant.now();
        rows.clear();
        for (int i = 0; i < USERS; i++) {
            for (int k = 0; k < 10; k++) {
                int j = random.nextInt(USERS);
                if (j != i) {
                    rows.add(Map.of("a", ids.get(i), "b", ids.get(j),
                            "since", now.minusSeconds(random.nextInt(90 * 86_400)).toString()));
                }
            }
        }
        for (int i = 0; i < FOLLOWED_BY_ME; i++) {
            rows.add(Map.of("a", me, "b", ids.get(i), "since", now.minusSeconds(i).toString()));
        }
        batches(neo4j, rows, """
                UNWIND $rows AS r
                MATCH (a:User {id: r.a}), (b:User {id: r.b})
                MERGE (a)-[f:FOLLOWS]->(b) ON CREATE SET f.since = datetime(r.since)""");
        rows.clear();
        for (int i = 0; i < ACTIVITIES; i++) {
            String track = new UUID(random.nextLong(), random.nextLong()).toString();
            String owner = ids.get(5 * random.nextInt(USERS / 5));
            rows.add(Map.of("track", track, "owner", owner, "title", "Bench Song " + i,
                    "at", now.minusMillis((long) random.nextInt(90 * 86_400) * 1000 + random.nextInt(1000)).toString()));
        }
        batches(neo4j, rows, """
                UNWIND $rows AS r
                MATCH (u:User {id: r.owner})
                CREATE (t:Track {id: r.track, ownerId: r.owner, title: r.title, genre: 'bench', durationMs: 180000,
                                 visibility: 'PUBLIC', publishedAt: datetime(r.at), bench: true})
                CREATE (u)-[:PERFORMED]->(a:Activity {id: r.track, kind: 'TRACK_PUBLISHED', subjectId: r.track,
                                 at: datetime(r.at), bench: true})-[:ABOUT]->(t)""");
        long myActivities = neo4j.executableQuery("""
                MATCH (:User {id: $me})-[:FOLLOWS]->(:User)-[:PERFORMED]->(a:Activity) RETURN count(a) AS n""")
                .withParameters(Map.of("me", me)).execute().records().get(0).get("n").asLong();
        System.out.printf("seeded %,d users, %,d follows, %,d activities (%,d of them by the 1,000 the bench user "
                + "follows) in %d s%n", USERS, USERS * 10 + FOLLOWED_BY_ME, ACTIVITIES, myActivities,
                (System.nanoTime() - t0) / 1_000_000_000L);
        return ids;
    }

    static void batches(Driver neo4j, List<Map<String, Object>> rows, String cypher) {
        for (int from = 0; from < rows.size(); from += 5_000) {
            neo4j.executableQuery(cypher)
                    .withParameters(Map.of("rows", rows.subList(from, Math.min(rows.size(), from + 5_000)))).execute();
        }
    }

    /** Fan-out on write, priced: one inbox relationship per follower of the most followed artist, then undone. */
    static void fanOutOnWrite(Driver neo4j) {
        var top = neo4j.executableQuery("""
                MATCH (u:User {bench: true}) WITH u, COUNT { (u)<-[:FOLLOWS]-() } AS n
                ORDER BY n DESC LIMIT 1 RETURN u.id AS id, n""").execute().records().get(0);
        long[] took = new long[5];
        for (int i = 0; i < took.length; i++) {
            long t0 = System.nanoTime();
            neo4j.executableQuery("""
                    MATCH (artist:User {id: $id})
                    CREATE (a:Activity {id: randomUUID(), kind: 'TRACK_PUBLISHED', at: datetime(), bench: true})
                    WITH artist, a
                    MATCH (artist)<-[:FOLLOWS]-(f:User)
                    CREATE (f)-[:INBOX {at: a.at}]->(a)""").withParameters(Map.of("id", top.get("id").asString())).execute();
            took[i] = System.nanoTime() - t0;
        }
        Arrays.sort(took);
        System.out.printf("fan-out on write: one song of the most followed artist (%d followers) = %d inbox writes, "
                + "median %.1f ms (max of 5: %.1f ms)%n", top.get("n").asLong(), top.get("n").asLong(),
                took[2] / 1e6, took[4] / 1e6);
    }

    static void cleanUp(Driver neo4j, String me) {
        neo4j.executableQuery("MATCH (:User {id: $me})-[:PERFORMED]->(a:Activity) DETACH DELETE a")
                .withParameters(Map.of("me", me)).execute();
        for (String label : List.of("Activity", "Track", "User")) {
            long deleted;
            do {
                deleted = neo4j.executableQuery("MATCH (n:" + label + " {bench: true}) WITH n LIMIT 5000 DETACH DELETE n "
                        + "RETURN count(*) AS n").execute().records().get(0).get("n").asLong();
            } while (deleted > 0);
        }
        neo4j.executableQuery("MATCH (u:User {id: $me}) DETACH DELETE u").withParameters(Map.of("me", me)).execute();
    }

    static void count(int requests, int concurrency, String name, IntFunction<HttpResponse<String>> call, boolean print)
            throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        AtomicLong errors = new AtomicLong();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            for (int c = 0; c < concurrency; c++) {
                pool.submit(() -> {
                    for (int n; (n = next.getAndIncrement()) < requests; ) {
                        long s = System.nanoTime();
                        HttpResponse<String> r = call.apply(n);
                        latencies.add(System.nanoTime() - s);
                        if (r.statusCode() != 200) {
                            errors.incrementAndGet();
                        }
                    }
                });
            }
        }
        if (print) {
            report(name, latencies, errors.get(), System.nanoTime() - t0);
        }
    }

    static void timed(int seconds, int concurrency, String name, java.util.function.BooleanSupplier call)
            throws Exception {
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        long t0 = System.nanoTime();
        long end = t0 + seconds * 1_000_000_000L;
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            for (int c = 0; c < concurrency; c++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long s = System.nanoTime();
                        boolean ok = call.getAsBoolean();
                        latencies.add(System.nanoTime() - s);
                        if (!ok) {
                            errors.incrementAndGet();
                        }
                    }
                });
            }
        }
        long elapsed = System.nanoTime() - t0;
        report(name + " pairs", latencies, errors.get(), elapsed);
        System.out.printf("%-16s %9.0f  (follow + unfollow requests per second, %d concurrent)%n", "writes/s",
                2.0 * latencies.size() / (elapsed / 1e9), concurrency);
    }

    static void report(String name, ConcurrentLinkedQueue<Long> latencies, long errors, long elapsed) {
        long[] lat = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(lat);
        System.out.printf("%-16s %9.0f %8.1f %8.1f %8.1f %8d%n", name, lat.length / (elapsed / 1e9), pct(lat, 50),
                pct(lat, 95), pct(lat, 99), errors);
    }

    static double pct(long[] sorted, int p) {
        return sorted.length == 0 ? Double.NaN
                : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    static HttpResponse<String> post(String url, String json) {
        return call(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static HttpResponse<String> get(String url, String token) {
        return call(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token).GET());
    }

    static HttpResponse<String> send(String method, String url, String token) {
        return call(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()));
    }

    static HttpResponse<String> call(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new RuntimeException(e);
        }
    }

    static String field(String json, String name) {
        Matcher m = FIELD.matcher(json);
        while (m.find()) {
            if (m.group(1).equals(name)) {
                return m.group(2);
            }
        }
        throw new IllegalStateException("no " + name + " in " + json);
    }
}
