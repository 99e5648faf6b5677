package dev.lalala.track.pipeline;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The static ffmpeg of {@code ws.schild:jave-nativebin-linux64}, taken out of the jar once into a cache folder and
 * run as a process: with a timeout, at a low CPU priority ({@code nice}), killed when the calling thread is
 * interrupted (the service stopping).
 */
public class Ffmpeg {

    private static final Logger log = LoggerFactory.getLogger(Ffmpeg.class);
    private static final String RESOURCE = "/ws/schild/jave/nativebin/ffmpeg-amd64";
    private static final int MAX_STDERR = 64 * 1024;

    private final Path executable;
    private final Duration timeout;
    private final int nice;

    public Ffmpeg(Path executable, Duration timeout, int nice) {
        this.executable = executable;
        this.timeout = timeout;
        this.nice = nice;
    }

    /** ffmpeg from the jave jar, extracted under {@code cacheDir} unless already there with the same size. */
    public static Ffmpeg extracted(Path cacheDir, Duration timeout, int nice) {
        try (InputStream in = Ffmpeg.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("ffmpeg is missing from the classpath (" + RESOURCE + ")");
            }
            Files.createDirectories(cacheDir);
            Path target = cacheDir.resolve("ffmpeg-jave");
            long expected = jarEntrySize();
            if (!Files.isExecutable(target) || (expected > 0 && Files.size(target) != expected)) {
                Path temp = Files.createTempFile(cacheDir, "ffmpeg", ".tmp");
                Files.copy(in, temp, StandardCopyOption.REPLACE_EXISTING);
                temp.toFile().setExecutable(true);
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                log.info("ffmpeg extracted to {}", target);
            }
            return new Ffmpeg(target, timeout, nice);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract ffmpeg", e);
        }
    }

    private static long jarEntrySize() throws IOException {
        var url = Ffmpeg.class.getResource(RESOURCE);
        if (url == null) {
            return -1;
        }
        var connection = url.openConnection();
        return connection.getContentLengthLong();
    }

    public Path executable() {
        return executable;
    }

    /** What one run gave: exit code and the tail of stderr (where ffmpeg reports errors and measurements). */
    public record Result(int exitCode, String stderr) {

        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs ffmpeg with these arguments (stdin from {@code stdin} when given, stdout discarded). */
    public Result run(List<String> args, Path stdin) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (nice > 0 && Files.isExecutable(Path.of("/usr/bin/nice"))) {
            command.addAll(List.of("/usr/bin/nice", "-n", Integer.toString(nice)));
        }
        command.add(executable.toString());
        command.addAll(List.of("-hide_banner", "-nostats", "-nostdin"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        if (stdin != null) {
            builder.redirectInput(stdin.toFile());
        } else {
            builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        }
        Process process = builder.start();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        Thread reader = Thread.ofVirtual().start(() -> drain(process.getErrorStream(), errors));
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new FfmpegTimeoutException("ffmpeg took longer than " + timeout);
            }
            reader.join(5_000);
            String stderr;
            synchronized (errors) {
                stderr = errors.toString(StandardCharsets.UTF_8);
            }
            return new Result(process.exitValue(), stderr);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            throw e;
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    private static void drain(InputStream in, ByteArrayOutputStream sink) {
        byte[] buffer = new byte[8192];
        try (in) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                synchronized (sink) {
                    if (sink.size() > MAX_STDERR) {
                        // Keep the tail only: errors and the loudness summary come last.
                        byte[] tail = sink.toByteArray();
                        sink.reset();
                        sink.write(tail, tail.length - MAX_STDERR / 2, MAX_STDERR / 2);
                    }
                    sink.write(buffer, 0, n);
                }
            }
        } catch (IOException e) {
            // The process is gone; what was read is what we have.
        }
    }

    public static class FfmpegTimeoutException extends IOException {
        public FfmpegTimeoutException(String message) {
            super(message);
        }
    }
}
