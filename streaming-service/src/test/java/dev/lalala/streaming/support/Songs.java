package dev.lalala.streaming.support;

import dev.lalala.events.Visibility;
import dev.lalala.events.audio.AudioLayout;
import dev.lalala.events.audio.TrackManifest;
import dev.lalala.testsupport.TestFfmpeg;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;

/**
 * Real FLAC songs for the tests, made with the static ffmpeg from {@code ws.schild:jave-nativebin-linux64} the way
 * track-service makes them (ARCHITECTURE.md, "Audio"): decode once to exact 16-bit PCM pieces of 220,500 samples,
 * then encode each piece as its own FLAC file; the whole track as one FLAC too. Stereo white noise, so that segments
 * are as big as real music's (about 800 KB per 5 s) and decoding them proves the samples, not just the bytes.
 */
public final class Songs {

    public static final int SAMPLE_RATE = 44_100;
    public static final int SEGMENT_SAMPLES = 220_500;


    /** A song made once: its PCM (s16le, interleaved stereo), its segment files and its whole-track file. */
    public record Song(byte[] pcm, List<Path> segments, Path wholeTrack, int lastSegmentSamples) {

        public int segmentCount() {
            return segments.size();
        }

        public long totalSamples() {
            return pcm.length / 4;
        }

        public byte[] segment(int index) {
            try {
                return Files.readAllBytes(segments.get(index));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** PCM bytes of segments [from, to). */
        public byte[] pcm(int from, int to) {
            int start = from * SEGMENT_SAMPLES * 4;
            int end = Math.min(pcm.length, to * SEGMENT_SAMPLES * 4);
            return java.util.Arrays.copyOfRange(pcm, start, end);
        }

        /** Copies the song into a blob store as track-service publishes it, with its manifest. */
        public TrackManifest publish(Path blobRoot, UUID trackId, UUID ownerId, Visibility visibility) {
            try {
                for (int i = 0; i < segments.size(); i++) {
                    Path target = blobRoot.resolve(AudioLayout.segmentKey(trackId, i));
                    Files.createDirectories(target.getParent());
                    Files.copy(segments.get(i), target, StandardCopyOption.REPLACE_EXISTING);
                }
                Path whole = blobRoot.resolve(AudioLayout.wholeTrackKey(trackId));
                Files.copy(wholeTrack, whole, StandardCopyOption.REPLACE_EXISTING);
                TrackManifest manifest = new TrackManifest(TrackManifest.CURRENT_VERSION, trackId, ownerId, visibility,
                        SAMPLE_RATE, 2, 16, segments.size(), SEGMENT_SAMPLES, lastSegmentSamples, totalSamples(),
                        totalSamples() * 1000 / SAMPLE_RATE, -14.5, 0.5,
                        IntStream.range(0, 100).mapToObj(i -> (i % 10) / 10.0).toList(), Files.size(whole),
                        Instant.now().truncatedTo(ChronoUnit.MILLIS));
                writeManifest(blobRoot, manifest);
                return manifest;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private Songs() {
    }

    public static void writeManifest(Path blobRoot, TrackManifest manifest) throws IOException {
        Path file = blobRoot.resolve(AudioLayout.manifestKey(manifest.trackId()));
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling("manifest.json.tmp");
        Files.write(temporary, manifest.toJson());
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Makes a song of {@code seconds} of stereo noise in {@code folder}. */
    public static synchronized Song make(Path folder, double seconds, int seed) {
        try {
            Files.createDirectories(folder);
            Path source = folder.resolve("source.wav");
            run(folder, "-f", "lavfi", "-i", "anoisesrc=d=" + seconds + ":c=white:r=44100:a=0.4:seed=" + seed,
                    "-f", "lavfi", "-i", "anoisesrc=d=" + seconds + ":c=white:r=44100:a=0.4:seed=" + (seed + 1),
                    "-filter_complex", "[0:a][1:a]amerge=inputs=2", "-ac", "2", "-c:a", "pcm_s16le",
                    source.toString());
            Path raw = folder.resolve("source.raw");
            run(folder, "-i", source.toString(), "-f", "s16le", "-c:a", "pcm_s16le", raw.toString());
            run(folder, "-i", source.toString(), "-map", "0:a:0", "-map_metadata", "-1", "-ac", "2", "-ar", "44100",
                    "-af", "asetnsamples=n=4410:p=0", "-c:a", "pcm_s16le", "-f", "segment", "-segment_time", "5",
                    "-reset_timestamps", "1", folder.resolve("piece-%03d.wav").toString());
            List<Path> segments = new ArrayList<>();
            for (int i = 0; Files.exists(folder.resolve("piece-%03d.wav".formatted(i))); i++) {
                Path flac = folder.resolve("%05d.flac".formatted(i));
                run(folder, "-i", folder.resolve("piece-%03d.wav".formatted(i)).toString(), "-map_metadata", "-1",
                        "-c:a", "flac", "-sample_fmt", "s16", flac.toString());
                segments.add(flac);
            }
            Path whole = folder.resolve("track.flac");
            run(folder, "-i", source.toString(), "-map_metadata", "-1", "-c:a", "flac", "-sample_fmt", "s16",
                    whole.toString());
            byte[] pcm = Files.readAllBytes(raw);
            int total = pcm.length / 4;
            int last = total - (segments.size() - 1) * SEGMENT_SAMPLES;
            if (segments.size() != (total + SEGMENT_SAMPLES - 1) / SEGMENT_SAMPLES || last <= 0) {
                throw new IllegalStateException(segments.size() + " segments for " + total + " samples");
            }
            return new Song(pcm, segments, whole, last);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes one FLAC file to s16le interleaved PCM. */
    public static byte[] decode(byte[] flac) {
        return TestFfmpeg.decode(flac);
    }

    private static void run(Path folder, String... args) {
        TestFfmpeg.run(folder, args);
    }
}
