import dev.lalala.defaults.problem.ApiException;
import dev.lalala.user.avatar.AvatarImages;
import dev.lalala.user.avatar.AvatarProperties;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;

/**
 * How fast user-service turns an upload into its avatar sizes (decode with the header checks, centre crop,
 * subsampled decode, resize to 64/256/512, JPEG encode): the CPU cost of PUT /api/users/me/avatar without HTTP.
 * Run with bench/avatars/run.sh. Env: BENCH_SECONDS (per scenario, default 10), BENCH_THREADS (default 1,2).
 */
public class AvatarBench {

    public static void main(String[] args) throws Exception {
        int seconds = Integer.parseInt(System.getenv().getOrDefault("BENCH_SECONDS", "10"));
        int[] threads = Arrays.stream(System.getenv().getOrDefault("BENCH_THREADS", "1,2").split(","))
                .mapToInt(Integer::parseInt).toArray();
        AvatarImages images = new AvatarImages(new AvatarProperties());

        record Scenario(String name, byte[] input) {
        }
        List<Scenario> scenarios = List.of(
                new Scenario("phone photo JPEG 4032x3024", encode(photo(4032, 3024), "jpeg")),
                new Scenario("square PNG 1024x1024", encode(photo(1024, 1024), "png")),
                new Scenario("small JPEG 512x512", encode(photo(512, 512), "jpeg")),
                new Scenario("bomb PNG header 60000x60000 (refused)", pngClaiming(60_000, 60_000)));

        System.out.printf("%-40s %8s %7s %9s %9s %9s%n", "input", "bytes", "threads", "avatars/s", "p50 ms", "p95 ms");
        for (Scenario scenario : scenarios) {
            for (int n : threads) {
                run(images, scenario.input(), 2, n); // warm-up
                double[] result = run(images, scenario.input(), seconds, n);
                System.out.printf("%-40s %8d %7d %9.1f %9.1f %9.1f%n", scenario.name(), scenario.input().length, n,
                        result[0], result[1], result[2]);
            }
        }
    }

    /** @return {per second, p50 ms, p95 ms} */
    static double[] run(AvatarImages images, byte[] input, int seconds, int threads) throws Exception {
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<Long>>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            futures.add(pool.submit((Callable<List<Long>>) () -> {
                List<Long> times = new ArrayList<>();
                while (System.nanoTime() < end) {
                    long start = System.nanoTime();
                    try {
                        images.process(input);
                    } catch (ApiException refused) {
                        // the bomb scenario: refused from its header, which is what is measured
                    }
                    times.add(System.nanoTime() - start);
                }
                return times;
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<List<Long>> f : futures) {
            all.addAll(f.get());
        }
        pool.shutdown();
        all.sort(null);
        double p50 = all.get(all.size() / 2) / 1e6;
        double p95 = all.get((int) (all.size() * 0.95)) / 1e6;
        return new double[] {all.size() / (double) seconds, p50, p95};
    }

    /** Something photo-like: gradients, shapes and noise, so JPEG and PNG sizes are realistic rather than trivial. */
    static BufferedImage photo(int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Random random = new Random(42);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int r = (x * 255 / width + random.nextInt(24)) & 0xff;
                int g = (y * 255 / height + random.nextInt(24)) & 0xff;
                int b = ((x + y) * 128 / (width + height) + random.nextInt(24)) & 0xff;
                image.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        Graphics2D g = image.createGraphics();
        for (int i = 0; i < 40; i++) {
            g.setColor(new Color(random.nextInt(0xffffff)));
            g.fillOval(random.nextInt(width), random.nextInt(height), width / 8, height / 8);
        }
        g.dispose();
        return image;
    }

    static byte[] encode(BufferedImage image, String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, format, out);
        return out.toByteArray();
    }

    static byte[] pngClaiming(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
