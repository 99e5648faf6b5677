package dev.lalala.track.pipeline;

import dev.lalala.events.track.ProcessingStage;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one uploaded file into what a player needs, once: validated by decoding all of it, decoded once to 16-bit
 * PCM stereo at 44.1 kHz, cut in Java into pieces of exactly {@link #SEGMENT_SAMPLES} samples, each encoded by its
 * own ffmpeg call into a complete FLAC (STREAMINFO with the true sample count and MD5, starting at zero), plus the
 * whole track as one FLAC, its EBU R128 loudness and gain, and a waveform. Knows nothing of databases or blobs:
 * everything lands in a work folder the caller owns.
 */
public class AudioPipeline {

    public static final int SAMPLE_RATE = 44_100;
    public static final int CHANNELS = 2;
    public static final int BITS_PER_SAMPLE = 16;
    /** 5 s at 44.1 kHz. */
    public static final int SEGMENT_SAMPLES = 220_500;
    public static final int WAVEFORM_PEAKS = 400;
    private static final int FRAME_BYTES = CHANNELS * BITS_PER_SAMPLE / 8;
    /** Peak at or under this (about -60 dBFS) everywhere: silence. */
    private static final int SILENCE_PEAK = 33;

    private static final Pattern DURATION = Pattern.compile("Duration: (\\d+):(\\d{2}):(\\d{2})\\.(\\d+)");
    private static final Pattern INTEGRATED = Pattern.compile("I:\\s+(-?[\\d.]+|-inf) LUFS");

    /** Where the pipeline is, for the progress bar. */
    @FunctionalInterface
    public interface Progress {
        void report(ProcessingStage stage, int percent) throws InterruptedException;
    }

    /**
     * The result: files in the work folder, and measurements.
     *
     * @param segments the segment files in order; all hold {@link #SEGMENT_SAMPLES} samples but the last
     * @param format ffmpeg's name of the container (mp3, wav, flac, ogg, mov,mp4,m4a, ...)
     */
    public record Processed(
            Path wholeTrack,
            List<Path> segments,
            int lastSegmentSamples,
            long totalSamples,
            long durationMs,
            double loudnessLufs,
            double gainDb,
            List<Double> waveform,
            String format,
            SourceTags tags) {
    }

    private final Ffmpeg ffmpeg;
    private final Duration maxDuration;
    private final double loudnessTarget;
    private final Duration stageDelay;

    public AudioPipeline(Ffmpeg ffmpeg, Duration maxDuration, double loudnessTarget, Duration stageDelay) {
        this.ffmpeg = ffmpeg;
        this.maxDuration = maxDuration;
        this.loudnessTarget = loudnessTarget;
        this.stageDelay = stageDelay;
    }

    public Ffmpeg ffmpeg() {
        return ffmpeg;
    }

    public Processed process(Path source, Path work, Progress progress)
            throws AudioRejectedException, IOException, InterruptedException {
        Files.createDirectories(work);
        progress.report(ProcessingStage.VALIDATING, 5);
        pause();

        // 1. What does the file say it is? Refuse what is no audio, a video, or too long, before decoding any of it.
        AudioProbe.Result probe = AudioProbe.parse(ffmpeg.run(List.of("-i", source.toString()), null).stderr());
        String info = probe.info();
        if (probe.format() == null) {
            throw new AudioRejectedException(
                    "This file is not audio we can read (it is not MP3, WAV, FLAC, OGG, Opus or M4A/AAC, or it is damaged).");
        }
        String format = probe.format();
        if (!probe.hasAudio()) {
            throw new AudioRejectedException("This file holds no sound: it looks like "
                    + (info.contains("Video:") ? "an image or a video without audio" : "something other than audio")
                    + ".");
        }
        if (probe.isVideo()) {
            throw new AudioRejectedException(AudioProbe.videoRefusal(probe));
        }
        long declaredMs = Math.max(declaredMs(info), wavDeclaredMs(source));
        if (Duration.ofMillis(declaredMs).compareTo(maxDuration) > 0 && !format.equals("wav")) {
            throw new AudioRejectedException(tooLong(declaredMs));
        }
        progress.report(ProcessingStage.VALIDATING, 10);

        // 2. Decode all of it, once, to the PCM everything else is made from. Never more than the limit (+1 s):
        //    a file whose header lies cannot make us decode for hours.
        Path pcm = work.resolve("audio.pcm");
        Ffmpeg.Result decode = ffmpeg.run(List.of("-v", "error", "-i", source.toString(),
                "-map", "0:a:0", "-map_metadata", "-1", "-vn", "-ac", "2", "-ar", Integer.toString(SAMPLE_RATE),
                "-t", Long.toString(maxDuration.toSeconds() + 1),
                "-c:a", "pcm_s16le", "-f", "s16le", "-y", pcm.toString()), null);
        long totalSamples = Files.exists(pcm) ? Files.size(pcm) / FRAME_BYTES : 0;
        if (!decode.ok()) {
            // Whatever decoded before the damage tells the uploader where the file breaks.
            throw new AudioRejectedException(totalSamples > 0
                    ? "This file breaks off after " + position(totalSamples * 1000 / SAMPLE_RATE)
                            + " of audio: the rest cannot be decoded (" + firstLine(decode.stderr()) + "). It is"
                            + " probably truncated or damaged; upload the whole file again."
                    : "We could not decode this file: it is damaged or not the audio it claims to be ("
                            + firstLine(decode.stderr()) + ").");
        }
        if (totalSamples == 0) {
            throw new AudioRejectedException(declaredMs > 0
                    ? "This file ends early: it says it is " + clock(declaredMs) + " long but no audio at all could"
                            + " be decoded from it. It is probably truncated; upload the whole file again."
                    : "This file contains no audio we can decode.");
        }
        long durationMs = totalSamples * 1000 / SAMPLE_RATE;
        if (Duration.ofMillis(durationMs).compareTo(maxDuration) > 0) {
            throw new AudioRejectedException(tooLong(declaredMs > durationMs ? declaredMs : durationMs));
        }
        if (declaredMs > durationMs + Math.max(1_000, declaredMs / 20)) {
            throw new AudioRejectedException("This file ends early: it says it is " + clock(declaredMs)
                    + " long but its audio stops after " + position(durationMs) + ". It is probably truncated;"
                    + " upload the whole file again.");
        }
        progress.report(ProcessingStage.VALIDATING, 20);
        Scan scan = scan(pcm, totalSamples);
        if (scan.peak <= SILENCE_PEAK) {
            throw new AudioRejectedException("This file is silent: there is no sound in it.");
        }
        progress.report(ProcessingStage.VALIDATING, 25);
        pause();

        // 3. Exact pieces, each its own complete FLAC.
        progress.report(ProcessingStage.SEGMENTING, 25);
        int segmentCount = (int) ((totalSamples + SEGMENT_SAMPLES - 1) / SEGMENT_SAMPLES);
        int lastSegmentSamples = (int) (totalSamples - (long) (segmentCount - 1) * SEGMENT_SAMPLES);
        Path segmentsDir = Files.createDirectories(work.resolve("segments"));
        Path piece = work.resolve("piece.pcm");
        List<Path> segments = new ArrayList<>(segmentCount);
        byte[] buffer = new byte[SEGMENT_SAMPLES * FRAME_BYTES];
        try (InputStream in = new BufferedInputStream(Files.newInputStream(pcm), 1 << 16)) {
            for (int i = 0; i < segmentCount; i++) {
                int bytes = (i == segmentCount - 1 ? lastSegmentSamples : SEGMENT_SAMPLES) * FRAME_BYTES;
                int read = in.readNBytes(buffer, 0, bytes);
                if (read != bytes) {
                    throw new IOException("short read of the decoded audio at segment " + i);
                }
                try (OutputStream out = Files.newOutputStream(piece)) {
                    out.write(buffer, 0, bytes);
                }
                Path segment = segmentsDir.resolve("%05d.flac".formatted(i));
                encodeFlac(piece, segment);
                segments.add(segment);
                progress.report(ProcessingStage.SEGMENTING, 25 + (int) (45L * (i + 1) / segmentCount));
            }
        } finally {
            Files.deleteIfExists(piece);
        }
        Path whole = work.resolve("track.flac");
        encodeFlac(pcm, whole);
        progress.report(ProcessingStage.SEGMENTING, 75);
        pause();

        // 4. Loudness (EBU R128 integrated) and the gain to the platform's target.
        progress.report(ProcessingStage.ANALYZING, 75);
        double lufs = loudness(pcm);
        double gain = Math.round((loudnessTarget - lufs) * 100) / 100.0;
        SourceTags tags = SourceTags.read(source.toFile(), extension(format));
        progress.report(ProcessingStage.ANALYZING, 90);
        Files.deleteIfExists(pcm);
        pause();
        return new Processed(whole, segments, lastSegmentSamples, totalSamples, durationMs, lufs, gain, scan.waveform,
                format, tags);
    }

    private void encodeFlac(Path pcm, Path flac) throws IOException, InterruptedException {
        // The output is a seekable file, so ffmpeg rewrites STREAMINFO at the end with the sample count and MD5.
        Ffmpeg.Result result = ffmpeg.run(List.of("-v", "error", "-f", "s16le", "-ar", Integer.toString(SAMPLE_RATE),
                "-ac", "2", "-i", pcm.toString(), "-map_metadata", "-1", "-c:a", "flac", "-sample_fmt", "s16",
                "-y", flac.toString()), null);
        if (!result.ok()) {
            throw new IOException("ffmpeg could not encode FLAC: " + firstLine(result.stderr()));
        }
    }

    private double loudness(Path pcm) throws IOException, InterruptedException {
        // framelog=verbose: the per-frame lines go to the verbose level, only the summary is printed.
        Ffmpeg.Result result = ffmpeg.run(List.of("-f", "s16le", "-ar", Integer.toString(SAMPLE_RATE), "-ac", "2",
                "-i", pcm.toString(), "-af", "ebur128=framelog=verbose", "-f", "null", "-"), null);
        Matcher m = INTEGRATED.matcher(result.stderr());
        String value = null;
        while (m.find()) {
            value = m.group(1);
        }
        if (!result.ok() || value == null) {
            throw new IOException("ffmpeg could not measure loudness: " + firstLine(result.stderr()));
        }
        // Too quiet to gate (-70 LUFS): treat as the quietest measurable, the gain is capped anyway.
        return value.equals("-inf") ? -70.0 : Double.parseDouble(value);
    }

    /** The waveform (peaks 0..1 over {@link #WAVEFORM_PEAKS} equal spans) and the overall peak, in one read. */
    record Scan(List<Double> waveform, int peak) {
    }

    static Scan scan(Path pcm, long totalSamples) throws IOException {
        int buckets = (int) Math.min(WAVEFORM_PEAKS, totalSamples);
        int[] peaks = new int[buckets];
        byte[] chunk = new byte[FRAME_BYTES * 8192];
        long frame = 0;
        int overall = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(pcm), 1 << 16)) {
            int n;
            while ((n = in.readNBytes(chunk, 0, chunk.length)) > 0) {
                ByteBuffer samples = ByteBuffer.wrap(chunk, 0, n - n % FRAME_BYTES).order(ByteOrder.LITTLE_ENDIAN);
                while (samples.remaining() >= FRAME_BYTES) {
                    int left = Math.abs((int) samples.getShort());
                    int right = Math.abs((int) samples.getShort());
                    int peak = Math.max(left, right);
                    int bucket = (int) (frame * buckets / totalSamples);
                    if (peak > peaks[bucket]) {
                        peaks[bucket] = peak;
                    }
                    if (peak > overall) {
                        overall = peak;
                    }
                    frame++;
                }
            }
        }
        List<Double> waveform = new ArrayList<>(buckets);
        for (int peak : peaks) {
            waveform.add(Math.round(Math.min(1.0, peak / 32768.0) * 1000) / 1000.0);
        }
        return new Scan(waveform, overall);
    }

    /** Duration from ffmpeg's probe output; 0 when it does not know. */
    static long declaredMs(String probe) {
        Matcher m = DURATION.matcher(probe);
        if (!m.find()) {
            return 0;
        }
        String fraction = (m.group(4) + "000").substring(0, 3);
        return ((Long.parseLong(m.group(1)) * 60 + Long.parseLong(m.group(2))) * 60 + Long.parseLong(m.group(3)))
                * 1000 + Long.parseLong(fraction);
    }

    /**
     * What a WAV header claims (data chunk size / byte rate). ffmpeg trusts the file size over the header, so a
     * header claiming hours of audio in a small file is caught here. 0 for other files and for the
     * "unknown length" sizes streaming writers use (0 and 0xFFFFFFFF).
     */
    static long wavDeclaredMs(Path file) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            byte[] head = new byte[12];
            if (raf.read(head) != 12 || !new String(head, 0, 4).equals("RIFF") || !new String(head, 8, 4).equals("WAVE")) {
                return 0;
            }
            long byteRate = 0;
            byte[] chunk = new byte[8];
            while (raf.getFilePointer() + 8 <= raf.length()) {
                raf.readFully(chunk);
                String id = new String(chunk, 0, 4);
                long size = ByteBuffer.wrap(chunk, 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
                if (id.equals("fmt ") && size >= 16) {
                    byte[] fmt = new byte[16];
                    raf.readFully(fmt);
                    byteRate = ByteBuffer.wrap(fmt, 8, 4).order(ByteOrder.LITTLE_ENDIAN).getInt() & 0xFFFFFFFFL;
                    raf.seek(raf.getFilePointer() + size - 16 + (size & 1));
                } else if (id.equals("data")) {
                    if (size == 0 || size == 0xFFFFFFFFL || byteRate == 0) {
                        return 0;
                    }
                    return size * 1000 / byteRate;
                } else {
                    raf.seek(raf.getFilePointer() + size + (size & 1));
                }
            }
            return 0;
        }
    }

    private static String extension(String format) {
        String f = format.toLowerCase(Locale.ROOT);
        if (f.contains("mp4") || f.contains("m4a") || f.contains("mov")) {
            return "m4a";
        }
        return switch (f) {
            case "mp3" -> "mp3";
            case "flac" -> "flac";
            case "ogg" -> "ogg";
            case "wav" -> "wav";
            default -> null;
        };
    }

    private String tooLong(long ms) {
        return "This song is " + clock(ms) + " long; songs may be at most " + clock(maxDuration.toMillis()) + ".";
    }

    static String clock(long ms) {
        long s = ms / 1000;
        return s >= 3600 ? "%d:%02d:%02d".formatted(s / 3600, s / 60 % 60, s % 60) : "%d:%02d".formatted(s / 60, s % 60);
    }

    /**
     * Where in a song something happens, precise enough to mean something for short audio: tenths of a second under
     * a minute ("0:00.4", never a bare "0:00"), minutes and seconds beyond.
     */
    static String position(long ms) {
        if (ms >= 60_000) {
            return clock(ms);
        }
        return "0:%02d.%d".formatted(ms / 1000, ms % 1000 / 100);
    }

    private static String firstLine(String stderr) {
        return stderr.lines().map(String::strip).filter(l -> !l.isEmpty()).findFirst().orElse("no detail")
                .replaceAll("/[^ :]*/", "");
    }

    private void pause() throws InterruptedException {
        if (!stageDelay.isZero()) {
            Thread.sleep(stageDelay);
        }
    }
}
