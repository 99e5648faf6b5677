package dev.lalala.track.support;

import dev.lalala.testsupport.TestFfmpeg;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Test audio made on the spot with the platform's test ffmpeg ({@link TestFfmpeg}, the same static build the
 * service runs), and the tools to check what the pipeline made.
 */
public final class TestAudio {

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

    /** A stereo clip (a different tone left and right, plus a little noise) of {@code seconds}, in {@code format}. */
    public static Path generate(Format format, double seconds, Path dir) throws Exception {
        Path out = dir.resolve("clip-" + format.name().toLowerCase() + "-" + seconds + "." + format.extension);
        String source = "aevalsrc=0.4*sin(440*2*PI*t)+0.05*(random(0)-0.5)|0.3*sin(660*2*PI*t)+0.05*(random(1)-0.5)"
                + ":s=" + format.sourceRate + ":d=" + seconds;
        List<String> args = new ArrayList<>(List.of("-f", "lavfi", "-i", source, "-ac", "2"));
        args.addAll(List.of(format.codec));
        args.add(out.toString());
        TestFfmpeg.run(dir, args.toArray(String[]::new));
        return out;
    }

    /** An MP3 with an ID3 title tag and the image embedded as album art. */
    public static Path taggedMp3(double seconds, String title, Path art, Path dir) throws Exception {
        Path out = dir.resolve("tagged.mp3");
        TestFfmpeg.run(dir, "-f", "lavfi", "-i", "sine=frequency=523:sample_rate=44100:duration=" + seconds,
                "-i", art.toString(), "-map", "0:a", "-map", "1:v", "-ac", "2", "-c:a", "libmp3lame", "-c:v", "png",
                "-disposition:v", "attached_pic", "-id3v2_version", "3", "-metadata", "title=" + title,
                out.toString());
        return out;
    }

    public static Path silence(double seconds, Path dir) throws Exception {
        Path out = dir.resolve("silence.wav");
        TestFfmpeg.run(dir, "-f", "lavfi", "-i", "anullsrc=r=44100:cl=stereo", "-t", Double.toString(seconds),
                "-c:a", "pcm_s16le", out.toString());
        return out;
    }

    public static Path png(Path dir, int width, int height) throws Exception {
        return png(dir, width, height, "blue");
    }

    /** A plain image of one colour (an ffmpeg colour name). */
    public static Path png(Path dir, int width, int height, String color) throws Exception {
        Path out = dir.resolve("image-" + color + "-" + width + "x" + height + ".png");
        TestFfmpeg.run(dir, "-f", "lavfi", "-i", "color=c=" + color + ":s=" + width + "x" + height, "-frames:v", "1",
                out.toString());
        return out;
    }

    /**
     * Decodes a source as the pipeline does (first audio stream, stereo, 44.1 kHz, 16-bit little-endian PCM), so
     * that the segments can be compared with their source like with like. What the pipeline made (already
     * 44.1 kHz stereo FLAC) is decoded as it is, with {@link TestFfmpeg#decode}.
     */
    public static byte[] decodeLikeThePipeline(Path file) throws Exception {
        Path pcm = Files.createTempFile("decoded", ".pcm");
        try {
            TestFfmpeg.run(file.toAbsolutePath().getParent(), "-i", file.toString(), "-map", "0:a:0", "-ac", "2",
                    "-ar", "44100", "-c:a", "pcm_s16le", "-f", "s16le", pcm.toString());
            return Files.readAllBytes(pcm);
        } finally {
            Files.deleteIfExists(pcm);
        }
    }

    /** The decoded PCM of a file the pipeline made (a segment, the whole track). */
    public static byte[] decode(Path flac) throws IOException {
        return TestFfmpeg.decode(Files.readAllBytes(flac));
    }

    /**
     * The number of a FLAC file's first frame (its first sample, for variable block sizes), read by hand: 0 when
     * the file starts at the beginning, as a segment that plays on its own must.
     */
    public static long firstFrameNumber(Path flac) throws IOException {
        byte[] b = Files.readAllBytes(flac);
        int at = 4;
        boolean last = false;
        while (!last) {
            last = (b[at] & 0x80) != 0;
            at += 4 + ((b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | (b[at + 3] & 0xFF));
        }
        if ((b[at] & 0xFF) != 0xFF || (b[at + 1] & 0xFE) != 0xF8) {
            throw new AssertionError("no frame sync code after the metadata of " + flac);
        }
        // The coded number after the 4 fixed header bytes, UTF-8 style: a length prefix, then 6 bits a byte.
        int first = b[at + 4] & 0xFF;
        int ones = Integer.numberOfLeadingZeros(~(first << 24));
        long number = first & (0x7F >> ones);
        for (int i = 1; i < ones; i++) {
            number = number << 6 | (b[at + 4 + i] & 0x3F);
        }
        return number;
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
