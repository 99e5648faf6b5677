package dev.lalala.track.support;

import dev.lalala.track.pipeline.Ffmpeg;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Test audio made on the spot with the same static ffmpeg, and the tools to check what the pipeline made. */
public final class TestAudio {

    private static final Ffmpeg FFMPEG =
            Ffmpeg.extracted(Path.of("target", "test-ffmpeg"), Duration.ofMinutes(2), 0);

    /** The formats an upload may come in, with how to make each from a lavfi source. */
    public enum Format {
        MP3("mp3", 44_100, "-c:a", "libmp3lame", "-b:a", "128k"),
        WAV("wav", 44_100, "-c:a", "pcm_s16le"),
        FLAC("flac", 44_100, "-c:a", "flac"),
        OGG_VORBIS("ogg", 44_100, "-c:a", "libvorbis", "-q:a", "4"),
        // Opus is always 48 kHz: the pipeline has to resample it.
        OGG_OPUS("opus", 48_000, "-c:a", "libopus", "-b:a", "96k"),
        M4A_AAC("m4a", 44_100, "-c:a", "aac", "-b:a", "128k");

        public final String extension;
        final int sourceRate;
        final String[] codec;

        Format(String extension, int sourceRate, String... codec) {
            this.extension = extension;
            this.sourceRate = sourceRate;
            this.codec = codec;
        }
    }

    private TestAudio() {
    }

    public static Path ffmpeg() {
        return FFMPEG.executable();
    }

    /** A stereo clip (a different tone left and right, plus a little noise) of {@code seconds}, in {@code format}. */
    public static Path generate(Format format, double seconds, Path dir) throws Exception {
        Path out = dir.resolve("clip-" + format.name().toLowerCase() + "-" + seconds + "." + format.extension);
        String source = "aevalsrc=0.4*sin(440*2*PI*t)+0.05*(random(0)-0.5)|0.3*sin(660*2*PI*t)+0.05*(random(1)-0.5)"
                + ":s=" + format.sourceRate + ":d=" + seconds;
        List<String> args = new ArrayList<>(List.of("-v", "error", "-f", "lavfi", "-i", source, "-ac", "2"));
        args.addAll(List.of(format.codec));
        args.addAll(List.of("-y", out.toString()));
        run(args);
        return out;
    }

    /** An MP3 with an ID3 title tag and the image embedded as album art. */
    public static Path taggedMp3(double seconds, String title, Path art, Path dir) throws Exception {
        Path out = dir.resolve("tagged.mp3");
        run(List.of("-v", "error", "-f", "lavfi", "-i", "sine=frequency=523:sample_rate=44100:duration=" + seconds,
                "-i", art.toString(), "-map", "0:a", "-map", "1:v", "-ac", "2", "-c:a", "libmp3lame", "-c:v", "png",
                "-disposition:v", "attached_pic", "-id3v2_version", "3", "-metadata", "title=" + title,
                "-y", out.toString()));
        return out;
    }

    public static Path silence(double seconds, Path dir) throws Exception {
        Path out = dir.resolve("silence.wav");
        run(List.of("-v", "error", "-f", "lavfi", "-i", "anullsrc=r=44100:cl=stereo", "-t", Double.toString(seconds),
                "-c:a", "pcm_s16le", "-y", out.toString()));
        return out;
    }

    public static Path png(Path dir, int width, int height) throws Exception {
        Path out = dir.resolve("image-" + width + "x" + height + ".png");
        run(List.of("-v", "error", "-f", "lavfi", "-i", "color=c=blue:s=" + width + "x" + height, "-frames:v", "1",
                "-y", out.toString()));
        return out;
    }

    /**
     * Decodes a file as the pipeline does (first audio stream, stereo, 44.1 kHz, 16-bit little-endian PCM), so
     * that the segments can be compared with their source like with like.
     */
    public static byte[] decode(Path file) throws Exception {
        Path pcm = Files.createTempFile("decoded", ".pcm");
        try {
            run(List.of("-v", "error", "-i", file.toString(), "-map", "0:a:0", "-ac", "2", "-ar", "44100",
                    "-c:a", "pcm_s16le", "-f", "s16le", "-y", pcm.toString()));
            return Files.readAllBytes(pcm);
        } finally {
            Files.deleteIfExists(pcm);
        }
    }

    /** Where ffmpeg says a file's audio starts, in seconds. */
    public static double start(Path file) throws Exception {
        Ffmpeg.Result probe = FFMPEG.run(List.of("-i", file.toString()), null);
        Matcher m = Pattern.compile("start: (-?[\\d.]+)").matcher(probe.stderr());
        if (!m.find()) {
            throw new AssertionError("no start time in: " + probe.stderr());
        }
        return Double.parseDouble(m.group(1));
    }

    private static void run(List<String> args) throws Exception {
        Ffmpeg.Result result = FFMPEG.run(args, null);
        if (!result.ok()) {
            throw new IOException("ffmpeg " + args + " failed: " + result.stderr());
        }
    }

    public static String md5(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
    }

    /** A FLAC file's STREAMINFO block, read by hand (the spec's bit layout), so nothing trusts ffmpeg about it. */
    public record StreamInfo(int sampleRate, int channels, int bitsPerSample, long totalSamples, String md5) {

        public static StreamInfo of(Path flac) throws IOException {
            byte[] b = Files.readAllBytes(flac);
            if (b.length < 42 || b[0] != 'f' || b[1] != 'L' || b[2] != 'a' || b[3] != 'C') {
                throw new AssertionError(flac + " is not a FLAC file");
            }
            if ((b[4] & 0x7F) != 0) {
                throw new AssertionError("the first metadata block of " + flac + " is not STREAMINFO");
            }
            ByteBuffer info = ByteBuffer.wrap(b, 8, 34).order(ByteOrder.BIG_ENDIAN);
            info.position(8 + 10);
            long packed = info.getLong();
            int sampleRate = (int) (packed >>> 44);
            int channels = (int) ((packed >>> 41) & 0x7) + 1;
            int bits = (int) ((packed >>> 36) & 0x1F) + 1;
            long total = packed & 0xFFFFFFFFFL;
            byte[] md5 = new byte[16];
            info.get(md5);
            return new StreamInfo(sampleRate, channels, bits, total, HexFormat.of().formatHex(md5));
        }
    }
}
