import dev.lalala.fleet.Fleet;
import dev.lalala.fleet.FleetSettings;
import dev.lalala.infra.Home;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Login and token-validation throughput through the gateway. Run by bench/accounts/run.sh, which starts a private
 * fleet on free ports (as the fleet tests do) unless a gateway URL is given.
 *
 * Scenarios, each for a fixed time at a fixed concurrency, after a warm-up:
 *   login          POST /api/auth/login with the right password (Argon2id check, refresh token row, RS256 signing)
 *   edge-reject    GET /api/users/{id} with a token whose signature is wrong: checked and refused by the gateway alone
 *   valid-token    GET /api/users/{id} with a valid token: checked by the gateway and again by user-service, plus one
 *                  row read
 *   no-token       the same request without a token: the baseline for what validation costs
 */
public class AccountsBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern FIELD = Pattern.compile("\"(\\w+)\"\\s*:\\s*\"([^\"]*)\"");
    static final String PASSWORD = "bench passphrase for lalala";

    public static void main(String[] args) throws Exception {
        String gateway = args.length > 0 && !args[0].isBlank() ? args[0] : null;
        int seconds = Integer.parseInt(System.getProperty("bench.seconds", "20"));
        int concurrency = Integer.parseInt(System.getProperty("bench.concurrency", "8"));
        Fleet fleet = null;
        if (gateway == null) {
            fleet = Fleet.create(FleetSettings.forTests(Home.find()));
            Fleet started = fleet;
            Runtime.getRuntime().addShutdownHook(new Thread(started::down));
            long t0 = System.nanoTime();
            fleet.up();
            System.out.printf("fleet ready in %d s%n", (System.nanoTime() - t0) / 1_000_000_000L);
            gateway = fleet.gatewayUrl();
        }
        try {
            run(gateway, seconds, concurrency);
        } finally {
            if (fleet != null) {
                fleet.down();
            }
        }
    }

    static void run(String gateway, int seconds, int concurrency) throws Exception {
        // Users to log in as (the lockout is per account; successful logins never count against it).
        int users = concurrency * 4;
        List<String> emails = new ArrayList<>();
        String profileId = null;
        for (int i = 0; i < users; i++) {
            String email = "bench-" + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
            HttpResponse<String> r = post(gateway + "/api/auth/signup",
                    "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\",\"displayName\":\"Bench " + i + "\"}");
            if (r.statusCode() != 201) {
                throw new IllegalStateException("sign-up failed: " + r.statusCode() + " " + r.body());
            }
            emails.add(email);
            if (profileId == null) {
                profileId = field(r.body(), "userId");
            }
        }
        String token = field(login(gateway, emails.getFirst()).body(), "accessToken");
        String[] parts = token.split("\\.");
        String badSignature = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        String profile = gateway + "/api/users/" + profileId;
        // The profile appears once user-service consumed UserRegistered.
        for (int i = 0; i < 100 && get(profile, null).statusCode() != 200; i++) {
            Thread.sleep(300);
        }

        System.out.printf("machine: %d cores, %d MiB max heap for this driver; %d s per scenario, %d concurrent%n",
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, seconds, concurrency);
        System.out.printf("%-12s %9s %8s %8s %8s %8s %s%n", "scenario", "req/s", "p50 ms", "p95 ms", "p99 ms", "errors",
                "statuses");
        String[] list = emails.toArray(String[]::new);
        scenario("login", seconds, concurrency, n -> login(gateway, list[n % list.length]), 200);
        scenario("edge-reject", seconds, concurrency, n -> get(profile, badSignature), 401);
        // 200 once user-service has the profile; whatever it is, both scenarios must answer the same.
        int profileStatus = get(profile, null).statusCode();
        scenario("valid-token", seconds, concurrency, n -> get(profile, token), profileStatus);
        scenario("no-token", seconds, concurrency, n -> get(profile, null), profileStatus);
    }

    static void scenario(String name, int seconds, int concurrency, IntFunction<HttpResponse<String>> call,
            int expected) throws Exception {
        // Warm-up: a quarter of the time, not measured.
        measure(Math.max(2, seconds / 4), concurrency, call, expected);
        Result r = measure(seconds, concurrency, call, expected);
        long[] lat = r.latencies;
        System.out.printf("%-12s %9.1f %8.1f %8.1f %8.1f %8d %s%n", name, r.count / (double) seconds,
                pct(lat, 50), pct(lat, 95), pct(lat, 99), r.errors, r.statuses);
    }

    record Result(long count, long errors, long[] latencies, String statuses) {
    }

    static Result measure(int seconds, int concurrency, IntFunction<HttpResponse<String>> call, int expected)
            throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();
        AtomicLong errors = new AtomicLong();
        java.util.concurrent.ConcurrentHashMap<Integer, AtomicLong> statuses = new java.util.concurrent.ConcurrentHashMap<>();
        AtomicLong counter = new AtomicLong();
        try (ExecutorService pool = Executors.newFixedThreadPool(concurrency)) {
            for (int t = 0; t < concurrency; t++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = call.apply((int) counter.getAndIncrement()).statusCode();
                        } catch (RuntimeException e) {
                            status = -1;
                        }
                        latencies.add(System.nanoTime() - t0);
                        statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
                        if (status != expected) {
                            errors.incrementAndGet();
                        }
                    }
                });
            }
        }
        long[] lat = latencies.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(lat);
        return new Result(lat.length, errors.get(), lat, statuses.toString());
    }

    static double pct(long[] sorted, int p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)] / 1e6;
    }

    static HttpResponse<String> login(String gateway, String email) {
        return post(gateway + "/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
    }

    static HttpResponse<String> post(String url, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    static HttpResponse<String> get(String url, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    static HttpResponse<String> send(HttpRequest.Builder request) {
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
