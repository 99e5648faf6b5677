import dev.lalala.feed.activity.Activities;
import dev.lalala.feed.activity.ActivityFeed;
import dev.lalala.feed.follow.Follows;
import dev.lalala.feed.follow.Suggestions;
import dev.lalala.feed.graph.GraphSchema;
import dev.lalala.feed.graph.GraphTransactions;
import dev.lalala.feed.outbox.GraphOutbox;
import dev.lalala.feed.outbox.GraphOutboxRelay;
import dev.lalala.feed.user.UserDirectory;
import dev.lalala.defaults.paging.TimeIdCursor;
import java.lang.reflect.Field;
import java.time.Duration;
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
import java.util.function.IntConsumer;
import org.neo4j.driver.AuthTokens;
import org.neo4j.driver.Driver;
import org.neo4j.driver.GraphDatabase;
import org.neo4j.driver.summary.ProfiledPlan;
import org.springframework.data.neo4j.core.Neo4jClient;
import org.springframework.data.neo4j.core.transaction.Neo4jTransactionManager;

/**
 * Where the time of a feed-service request goes on the Neo4j side: seeds the bench graph (FeedBench.seed), prints the
 * PROFILE of each query the service runs (rows and db hits per operator) and times the service's own repository
 * classes over Bolt, one caller and four at once. No HTTP, no gateway: the difference to bench/feed/run.sh's figures
 * is what the web layers cost.
 */
public class FeedProfile {

    public static void main(String[] args) throws Exception {
        int runs = Integer.getInteger("profile.runs", 300);
        boolean keep = Boolean.getBoolean("profile.keep");
        // The service logs these at ERROR only (application.yml); here they would print every query's text.
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.springframework.data.neo4j.cypher"))
                .setLevel(ch.qos.logback.classic.Level.ERROR);
        try (Driver driver = GraphDatabase.driver(args[0], AuthTokens.none())) {
            for (String statement : GraphSchema.STATEMENTS) {
                driver.executableQuery(statement).execute();
            }
            driver.executableQuery("CALL db.awaitIndexes(60)").execute();
            // With -Dprofile.keep=true the seed stays, and a later run reuses it (seeding takes minutes).
            var seeded = driver.executableQuery("MATCH (u:User {benchReader: true}) RETURN u.id AS id").execute()
                    .records();
            String me;
            List<String> users;
            if (keep && !seeded.isEmpty()) {
                me = seeded.get(0).get("id").asString();
                users = driver.executableQuery("MATCH (u:User {bench: true}) RETURN u.id AS id ORDER BY toInteger(substring(u.handle, 5))")
                        .execute().records().stream().map(r -> r.get("id").asString()).toList();
                System.out.printf("reusing the seeded graph (%,d users)%n", users.size());
            } else {
                me = UUID.randomUUID().toString();
                users = FeedBench.seed(driver, me);
                driver.executableQuery("MATCH (u:User {id: $me}) SET u.benchReader = true")
                        .withParameters(Map.of("me", me)).execute();
            }
            try {
                run(driver, UUID.fromString(me), users, runs);
            } finally {
                if (!keep) {
                    FeedBench.cleanUp(driver, me);
                }
            }
        }
    }

    static void run(Driver driver, UUID me, List<String> users, int runs) throws Exception {
        Neo4jClient client = Neo4jClient.create(driver);
        ActivityFeed feed = new ActivityFeed(client);
        Suggestions suggestions = new Suggestions(client);
        GraphTransactions transactions = new GraphTransactions(new Neo4jTransactionManager(driver));
        GraphOutboxRelay relay = new GraphOutboxRelay(client, null, Duration.ofSeconds(1), 200);
        Follows follows = construct(Follows.class, client, transactions, new UserDirectory(client),
                new Activities(client), new GraphOutbox(client, relay));

        String cursor = feed.feedOf(me, 20, null).nextCursor();
        TimeIdCursor after = TimeIdCursor.decode(cursor);

        System.out.println("== plans (PROFILE, one run after warm-up) ==");
        for (Map.Entry<String, Object> q : queries(me, after).entrySet()) {
            profile(driver, q.getKey(), (Object[]) q.getValue());
        }

        System.out.printf("%n== the service's classes over Bolt, %d calls each ==%n", runs);
        System.out.printf("%-34s %5s %8s %8s %8s %8s%n", "scenario", "conc", "calls/s", "p50 ms", "p95 ms", "p99 ms");
        for (int concurrency : List.of(1, 4)) {
            time("feed first page", runs, concurrency, n -> feed.feedOf(me, 20, null));
            time("feed next page", runs, concurrency, n -> feed.feedOf(me, 20, after));
            time("suggestions", runs, concurrency, n -> suggestions.forUser(me, 10));
            Random random = new Random(concurrency);
            time("follow + unfollow (pair)", runs / 2, concurrency * 2, n -> {
                UUID them = UUID.fromString(users.get(1_000 + random.nextInt(users.size() - 1_000)));
                follows.follow(me, them);
                follows.unfollow(me, them);
            });
        }
        driver.executableQuery("MATCH (o:OutboxEvent) WHERE o.key = $me DETACH DELETE o")
                .withParameters(Map.of("me", me.toString())).execute();
    }

    /** The constructor whose parameters are among {@code parts} (so this also runs against earlier versions). */
    static <T> T construct(Class<T> type, Object... parts) throws Exception {
        for (var constructor : type.getConstructors()) {
            Object[] args = new Object[constructor.getParameterCount()];
            for (int i = 0; i < args.length; i++) {
                for (Object part : parts) {
                    if (constructor.getParameterTypes()[i].isInstance(part)) {
                        args[i] = part;
                    }
                }
            }
            if (java.util.Arrays.stream(args).allMatch(java.util.Objects::nonNull)) {
                return type.cast(constructor.newInstance(args));
            }
        }
        throw new IllegalStateException("no constructor of " + type + " fits");
    }

    /** Name → {cypher, parameters}: the Cypher is read from the service's classes, so it is the code's own. */
    static Map<String, Object> queries(UUID me, TimeIdCursor after) throws Exception {
        Map<String, Object> q = new java.util.LinkedHashMap<>();
        for (Field f : ActivityFeed.class.getDeclaredFields()) {
            if (f.getType() == String.class && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                String cypher = (String) f.get(null);
                if (!cypher.contains("$userId")) {
                    continue;
                }
                q.put("feed " + f.getName() + " first", new Object[] {cypher, feedParams(me, null)});
                q.put("feed " + f.getName() + " next", new Object[] {cypher, feedParams(me, after)});
            }
        }
        for (Field f : Suggestions.class.getDeclaredFields()) {
            if (f.getType() == String.class && java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                q.put("suggestions " + f.getName(), new Object[] {(String) f.get(null),
                        Map.of("me", me.toString(), "limit", 10)});
            }
        }
        return q;
    }

    static Map<String, Object> feedParams(UUID me, TimeIdCursor after) {
        Map<String, Object> p = new HashMap<>();
        p.put("userId", me.toString());
        p.put("afterAt", after == null ? "9999-12-31T23:59:59.999Z" : after.at().toString());
        p.put("afterId", after == null ? "~" : after.id().toString());
        p.put("fetch", 21);
        p.put("limit", 21);
        return p;
    }

    @SuppressWarnings("unchecked")
    static void profile(Driver driver, String name, Object[] query) {
        String cypher = (String) query[0];
        Map<String, Object> params = (Map<String, Object>) query[1];
        for (int i = 0; i < 5; i++) {
            driver.executableQuery(cypher).withParameters(params).execute();
        }
        long t0 = System.nanoTime();
        var result = driver.executableQuery("PROFILE " + cypher).withParameters(params).execute();
        long took = System.nanoTime() - t0;
        ProfiledPlan plan = result.summary().profile();
        System.out.printf("%n-- %s: %d rows, %,d db hits in total, %.1f ms (profiled)%n", name,
                result.records().size(), total(plan), took / 1e6);
        print(plan, "  ");
    }

    static long total(ProfiledPlan plan) {
        long sum = plan.dbHits();
        for (ProfiledPlan child : plan.children()) {
            sum += total(child);
        }
        return sum;
    }

    static void print(ProfiledPlan plan, String indent) {
        String details = plan.arguments().containsKey("Details") ? plan.arguments().get("Details").asString() : "";
        if (details.length() > 110) {
            details = details.substring(0, 107) + "...";
        }
        System.out.printf("%s%-26s rows %7d  hits %8d  %s%n", indent, plan.operatorType(), plan.records(),
                plan.dbHits(), details);
        for (ProfiledPlan child : plan.children()) {
            print(child, indent + "  ");
        }
    }

    static void time(String name, int calls, int concurrency, IntConsumer call) throws Exception {
        for (int i = 0; i < Math.min(50, calls); i++) {
            call.accept(i);
        }
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        long t0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            for (int c = 0; c < concurrency; c++) {
                pool.submit(() -> {
                    for (int n; (n = next.getAndIncrement()) < calls; ) {
                        long s = System.nanoTime();
                        try {
                            call.accept(n);
                        } catch (RuntimeException e) {
                            if (errors.getAndIncrement() == 0) {
                                e.printStackTrace();
                            }
                        }
                        latencies.add(System.nanoTime() - s);
                    }
                });
            }
        }
        long elapsed = System.nanoTime() - t0;
        long[] lat = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(lat);
        System.out.printf("%-34s %5d %8.0f %8.1f %8.1f %8.1f%s%n", name, concurrency, lat.length / (elapsed / 1e9),
                FeedBench.pct(lat, 50), FeedBench.pct(lat, 95), FeedBench.pct(lat, 99),
                errors.get() == 0 ? "" : "  (" + errors.get() + " errors)");
    }
}
