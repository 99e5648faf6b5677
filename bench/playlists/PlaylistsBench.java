import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Playlist latencies through the gateway (run by run.sh): adds while the list grows to N songs, moves of one item to
 * a random position, reads of the whole N-song list (sequential, then 4 concurrent readers). Each call is timed
 * from request to complete body; the first 20 of each kind warm up and are not counted.
 */
public class PlaylistsBench {

    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final Pattern ITEM_ID = Pattern.compile("\"itemId\"\\s*:\\s*\"([^\"]+)\"");
    static final int WARMUP = 20;

    public static void main(String[] args) throws Exception {
        String gateway = args[0];
        String bearer = "Bearer " + args[1];
        String track = args[2];
        int items = Integer.getInteger("bench.items", 1000);
        int moves = Integer.getInteger("bench.moves", 300);
        int reads = Integer.getInteger("bench.reads", 500);

        HttpResponse<String> created = send(gateway, "POST", "/api/playlists", bearer,
                "{\"name\":\"Bench list\",\"visibility\":\"PUBLIC\"}", 201);
        String id = field(created.body(), "id");
        String list = "/api/playlists/" + id;

        List<String> itemIds = new ArrayList<>();
        long[] addNanos = new long[items];
        for (int i = 0; i < items; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> added = send(gateway, "POST", list + "/items", bearer,
                    "{\"trackId\":\"" + track + "\"}", 201);
            addNanos[i] = System.nanoTime() - t0;
            Matcher m = ITEM_ID.matcher(added.body());
            m.find();
            itemIds.add(m.group(1));
        }

        Random random = new Random(7);
        long[] moveNanos = new long[moves];
        for (int i = 0; i < moves; i++) {
            String item = itemIds.get(random.nextInt(itemIds.size()));
            int to = random.nextInt(items);
            long t0 = System.nanoTime();
            send(gateway, "PATCH", list + "/items/" + item, bearer, "{\"position\":" + to + "}", 204);
            moveNanos[i] = System.nanoTime() - t0;
        }

        long[] readNanos = new long[reads];
        int bytes = 0;
        for (int i = 0; i < reads; i++) {
            long t0 = System.nanoTime();
            HttpResponse<String> read = send(gateway, "GET", list, null, null, 200);
            readNanos[i] = System.nanoTime() - t0;
            bytes = read.body().length();
        }
        if (!read(gateway, list).contains("\"trackCount\":" + items)) {
            throw new IllegalStateException("the playlist does not hold " + items + " songs");
        }
        // Every item names its artist (run.sh signs up "Playlist Bench"): the read measured includes that join.
        String whole = read(gateway, list);
        int named = whole.split("\"artistName\":\"Playlist Bench\"", -1).length - 1;
        if (named != items) {
            throw new IllegalStateException(named + " of " + items + " items name their artist");
        }

        int readers = 4;
        long[] concurrentNanos = new long[reads];
        long wall0 = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(readers)) {
            List<Future<?>> futures = new ArrayList<>();
            for (int r = 0; r < readers; r++) {
                int first = r;
                futures.add(pool.submit(() -> {
                    for (int i = first; i < reads; i += readers) {
                        long t0 = System.nanoTime();
                        send(gateway, "GET", list, null, null, 200);
                        concurrentNanos[i] = System.nanoTime() - t0;
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
        double wallSeconds = (System.nanoTime() - wall0) / 1e9;

        System.out.printf("machine: %d cores; playlist of %d items, response %,d bytes%n",
                Runtime.getRuntime().availableProcessors(), items, bytes);
        System.out.println("| call | n | p50 ms | p90 ms | p99 ms | max ms |");
        System.out.println("|---|---|---|---|---|---|");
        row("add a song (list growing 0 to " + items + ")", addNanos);
        row("move one item to a random position", moveNanos);
        row("read the " + items + "-song playlist, 1 reader", readNanos);
        row("read the " + items + "-song playlist, " + readers + " readers", concurrentNanos);
        System.out.printf("concurrent reads: %.0f per second%n", (reads) / wallSeconds);
        send(gateway, "DELETE", list, bearer, null, 204);
    }

    static void row(String name, long[] nanos) {
        long[] counted = Arrays.copyOfRange(nanos, Math.min(WARMUP, nanos.length - 1), nanos.length);
        Arrays.sort(counted);
        System.out.printf("| %s | %d | %.1f | %.1f | %.1f | %.1f |%n", name, counted.length, pct(counted, 50),
                pct(counted, 90), pct(counted, 99), counted[counted.length - 1] / 1e6);
    }

    static double pct(long[] sorted, int p) {
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(index, sorted.length - 1))] / 1e6;
    }

    static String read(String gateway, String path) {
        return send(gateway, "GET", path, null, null, 200).body();
    }

    static HttpResponse<String> send(String gateway, String method, String path, String bearer, String body,
            int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway + path))
                .timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", bearer);
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(method + " " + path + " -> " + response.statusCode() + " "
                        + response.body());
            }
            return response;
        } catch (java.io.IOException | InterruptedException e) {
            throw new IllegalStateException(method + " " + path, e);
        }
    }

    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\"\\s*:\\s*\"([^\"]+)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return m.group(1);
    }
}
