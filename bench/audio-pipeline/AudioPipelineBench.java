import dev.lalala.events.audio.AudioLayout;
import dev.lalala.blob.FilesystemBlobStore;
import dev.lalala.track.pipeline.AudioPipeline;
import dev.lalala.track.pipeline.Ffmpeg;
import dev.lalala.track.upload.LimitedInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The audio pipeline of track-service, in-process, on songs generated with the same static ffmpeg:
 * processing time per minute of audio (MP3 and WAV sources of 1, 5 and 10 minutes), and upload-to-READY for a
 * 5-minute song as the service does it: stream the upload into the blob store (counting against the limit), run
 * the pipeline (validate by decoding, decode once, exact FLAC segments, whole-track FLAC, loudness, waveform,
 * tags), move segments and the whole track into the store, write the manifest. What it leaves out: HTTP parsing of
 * the multipart body and the few small database transactions (row, progress, READY), milliseconds each.
 */
public class AudioPipelineBench {

    public static void main(String[] args) throws Exception {
        Path work = Path.of(args.length > 0 ? args[0] : "bench/audio-pipeline/target").toAbsolutePath();
        int runs = Integer.getInteger("bench.runs", 3);
        int nice = Integer.getInteger("bench.nice", 10);
        Files.createDirectories(work);
        Ffmpeg ffmpeg = Ffmpeg.extracted(work.resolve("bin"), Duration.ofMinutes(10), nice);
        AudioPipeline pipeline = new AudioPipeline(ffmpeg, Duration.ofMinutes(20), -14, Duration.ZERO);

        System.out.printf("cores %d, runs %d, ffmpeg nice %d%n", Runtime.getRuntime().availableProcessors(), runs, nice);
        System.out.println("| source | audio | processing s (median) | s per minute of audio | segments |");
        System.out.println("|---|---|---|---|---|");
        for (String format : List.of("mp3", "wav")) {
            for (int minutes : List.of(1, 5, 10)) {
                Path song = song(ffmpeg, work, minutes, format);
                List<Double> times = new ArrayList<>();
                int segments = 0;
                for (int run = 0; run < runs; run++) {
                    Path scratch = work.resolve("scratch-" + UUID.randomUUID());
                    long start = System.nanoTime();
                    AudioPipeline.Processed processed = pipeline.process(song, scratch, (stage, percent) -> { });
                    times.add((System.nanoTime() - start) / 1e9);
                    segments = processed.segments().size();
                    delete(scratch);
                }
                double median = median(times);
                System.out.printf(Locale.ROOT, "| %s | %d min | %.2f | %.2f | %d |%n", format.toUpperCase(Locale.ROOT),
                        minutes, median, median / minutes, segments);
            }
        }

        System.out.println();
        System.out.println("| upload-to-READY, 5-minute song | store upload s | pipeline s | publish s | total s |");
        System.out.println("|---|---|---|---|---|");
        for (String format : List.of("mp3", "wav")) {
            Path song = song(ffmpeg, work, 5, format);
            List<double[]> results = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                FilesystemBlobStore blobs = new FilesystemBlobStore(work.resolve("blobs"));
                UUID id = UUID.randomUUID();
                Path scratch = work.resolve("scratch-" + id);
                long t0 = System.nanoTime();
                try (InputStream in = new LimitedInputStream(Files.newInputStream(song), 200L * 1024 * 1024)) {
                    blobs.put(AudioLayout.originalKey(id), in);
                }
                long t1 = System.nanoTime();
                AudioPipeline.Processed p = pipeline.process(blobs.file(AudioLayout.originalKey(id)).orElseThrow(), scratch,
                        (stage, percent) -> { });
                long t2 = System.nanoTime();
                for (int i = 0; i < p.segments().size(); i++) {
                    blobs.putFile(AudioLayout.segmentKey(id, i), p.segments().get(i));
                }
                blobs.putFile(AudioLayout.wholeTrackKey(id), p.wholeTrack());
                blobs.put(AudioLayout.manifestKey(id), ("{\"segments\":" + p.segments().size() + "}").getBytes());
                long t3 = System.nanoTime();
                results.add(new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9, (t3 - t2) / 1e9, (t3 - t0) / 1e9});
                blobs.deleteAll(AudioLayout.trackPrefix(id));
                delete(scratch);
            }
            results.sort(Comparator.comparingDouble(r -> r[3]));
            double[] m = results.get(results.size() / 2);
            System.out.printf(Locale.ROOT, "| %s (%.1f MB) | %.2f | %.2f | %.2f | %.2f |%n", format.toUpperCase(Locale.ROOT),
                    Files.size(song) / 1e6, m[0], m[1], m[2], m[3]);
        }
    }

    /** A music-like stereo song (two voices and a little noise), made once and kept. */
    static Path song(Ffmpeg ffmpeg, Path work, int minutes, String format) throws Exception {
        Path out = work.resolve("song-" + minutes + "min." + format);
        if (Files.exists(out)) {
            return out;
        }
        String source = "aevalsrc=0.3*sin(2*PI*220*t)+0.2*sin(2*PI*331*t*(1+0.01*sin(t)))+0.04*(random(0)-0.5)"
                + "|0.3*sin(2*PI*277*t)+0.2*sin(2*PI*415*t)+0.04*(random(1)-0.5):s=44100:d=" + minutes * 60;
        List<String> args = new ArrayList<>(List.of("-v", "error", "-f", "lavfi", "-i", source));
        args.addAll(format.equals("mp3") ? List.of("-c:a", "libmp3lame", "-b:a", "192k") : List.of("-c:a", "pcm_s16le"));
        args.addAll(List.of("-y", out.toString()));
        Ffmpeg.Result result = ffmpeg.run(args, null);
        if (!result.ok()) {
            throw new IllegalStateException(result.stderr());
        }
        return out;
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    static void delete(Path folder) throws Exception {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
