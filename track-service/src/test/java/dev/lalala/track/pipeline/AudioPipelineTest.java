package dev.lalala.track.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioPipelineTest {

    @TempDir Path dir;

    @Test
    void readsTheDurationFfmpegDeclares() {
        assertThat(AudioPipeline.declaredMs("  Duration: 00:03:07.53, start: 0.025057, bitrate: 64 kb/s")).isEqualTo(187_530);
        assertThat(AudioPipeline.declaredMs("  Duration: 01:00:00.5, start")).isEqualTo(3_600_500);
        assertThat(AudioPipeline.declaredMs("  Duration: N/A, bitrate: N/A")).isZero();
    }

    @Test
    void readsWhatAWavHeaderClaims() throws Exception {
        assertThat(AudioPipeline.wavDeclaredMs(wav(44_100 * 4 * 3 * 3600L, 1000))).isEqualTo(3 * 3600_000L);
        assertThat(AudioPipeline.wavDeclaredMs(wav(0xFFFFFFFFL, 1000))).as("unknown length").isZero();
        Path notWav = Files.write(dir.resolve("x.mp3"), "ID3 something".getBytes());
        assertThat(AudioPipeline.wavDeclaredMs(notWav)).isZero();
    }

    @Test
    void theWaveformHasFourHundredPeaksAndTheOverallPeak() throws Exception {
        int frames = 44_100;
        ByteBuffer pcm = ByteBuffer.allocate(frames * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            short v = (short) (i >= frames / 2 ? 16_384 : 0);
            pcm.putShort(v).putShort((short) -v);
        }
        Path file = Files.write(dir.resolve("a.pcm"), pcm.array());
        AudioPipeline.Scan scan = AudioPipeline.scan(file, frames);
        assertThat(scan.waveform()).hasSize(400);
        assertThat(scan.waveform().getFirst()).isZero();
        assertThat(scan.waveform().getLast()).isEqualTo(0.5);
        assertThat(scan.peak()).isEqualTo(16_384);
    }

    @Test
    void clockFormatsDurations() {
        assertThat(AudioPipeline.clock(187_000)).isEqualTo("3:07");
        assertThat(AudioPipeline.clock(3 * 3600_000L)).isEqualTo("3:00:00");
    }

    @Test
    void whereAShortFileEndsIsNeverABareZero() {
        assertThat(AudioPipeline.position(366)).isEqualTo("0:00.3");
        assertThat(AudioPipeline.position(4_020)).isEqualTo("0:04.0");
        assertThat(AudioPipeline.position(187_000)).isEqualTo("3:07");
    }

    private Path wav(long dataSize, int actualBytes) throws Exception {
        ByteBuffer b = ByteBuffer.allocate(44 + actualBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + actualBytes).put("WAVE".getBytes()).put("fmt ".getBytes()).putInt(16)
                .putShort((short) 1).putShort((short) 2).putInt(44_100).putInt(44_100 * 4).putShort((short) 4)
                .putShort((short) 16).put("data".getBytes()).putInt((int) dataSize);
        return Files.write(dir.resolve("h" + dataSize + ".wav"), b.array());
    }
}
