package dev.lalala.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The static ffmpeg of {@code ws.schild:jave-nativebin-linux64}, for tests that make audio or check what the
 * services made of it: extracted once per machine to the temp folder, run as a process.
 */
public final class TestFfmpeg {

    private static final String RESOURCE = "/ws/schild/jave/nativebin/ffmpeg-amd64";
    private static Path binary;

    private TestFfmpeg() {
    }

    /** Runs ffmpeg in {@code folder} with quiet logging, no stdin, overwriting outputs; fails with its output. */
    public static void run(Path folder, String... args) {
        List<String> command = new ArrayList<>(List.of(binary().toString(), "-hide_banner", "-loglevel", "error",
                "-nostdin", "-y"));
        command.addAll(List.of(args));
        Path log = null;
        try {
            // Output to a file, not a pipe: reading a pipe would block until ffmpeg exits, and the timeout with it.
            log = Files.createTempFile("ffmpeg-", ".log");
            Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(2, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                throw new IllegalStateException("ffmpeg took over 2 minutes: " + command);
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException("ffmpeg failed: " + command + "\n" + Files.readString(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException ignored) {
                    // a temp file
                }
            }
        }
    }

    /** Decodes one audio file (a FLAC segment, a whole track) on its own to s16le interleaved PCM. */
    public static byte[] decode(byte[] audio) {
        try {
            Path in = Files.createTempFile("decode-", ".in");
            Path out = Files.createTempFile("decode-", ".raw");
            try {
                Files.write(in, audio);
                run(in.getParent(), "-i", in.toString(), "-f", "s16le", "-c:a", "pcm_s16le", out.toString());
                return Files.readAllBytes(out);
            } finally {
                Files.deleteIfExists(in);
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Path binary() {
        if (binary == null) {
            try {
                URL resource = TestFfmpeg.class.getResource(RESOURCE);
                if (resource == null) {
                    throw new IllegalStateException("ffmpeg is not on the test classpath "
                            + "(add ws.schild:jave-nativebin-linux64 in test scope)");
                }
                long size = resource.openConnection().getContentLengthLong();
                // Named by size, owned by this user, reused only when complete: another version or a half-written
                // copy is never run.
                Path target = Path.of(System.getProperty("java.io.tmpdir"),
                        "lalala-test-ffmpeg-" + System.getProperty("user.name") + "-" + size);
                if (!Files.isExecutable(target) || Files.size(target) != size) {
                    Path temporary = Files.createTempFile("ffmpeg-", ".part");
                    try (InputStream in = resource.openStream()) {
                        Files.copy(in, temporary, StandardCopyOption.REPLACE_EXISTING);
                    }
                    temporary.toFile().setExecutable(true, true);
                    Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
                binary = target;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return binary;
    }
}
