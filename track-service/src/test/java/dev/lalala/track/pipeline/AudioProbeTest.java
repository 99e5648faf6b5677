package dev.lalala.track.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ffmpeg 4.4's own reports (the static build the service runs), as seen for these files. */
class AudioProbeTest {

    @Test
    void aFilmWithSoundIsAVideo() {
        AudioProbe.Result probe = AudioProbe.parse("""
                Input #0, mov,mp4,m4a,3gp,3g2,mj2, from 'v.mp4':
                  Duration: 00:00:03.00, start: 0.000000, bitrate: 101 kb/s
                  Stream #0:0(und): Video: h264 (High) (avc1 / 0x31637661), yuv420p, 160x120, 10 fps (default)
                  Stream #0:1(und): Audio: aac (LC) (mp4a / 0x6134706D), 44100 Hz, mono, fltp, 75 kb/s (default)
                """);
        assertThat(probe.format()).isEqualTo("mov,mp4,m4a,3gp,3g2,mj2");
        assertThat(probe.isVideo()).isTrue();
        assertThat(probe.videoCodecs()).containsExactly("h264");
        assertThat(AudioProbe.videoRefusal(probe)).contains("video", "upload the audio");
    }

    @Test
    void coverArtInsideAnAudioFileIsNoVideo() {
        AudioProbe.Result probe = AudioProbe.parse("""
                Input #0, mp3, from 'cov.mp3':
                  Duration: 00:00:03.03, start: 0.025057, bitrate: 65 kb/s
                  Stream #0:0: Audio: mp3, 44100 Hz, mono, fltp, 64 kb/s
                  Stream #0:1: Video: png, rgb24(pc), 64x64 [SAR 1:1 DAR 1:1], 90k tbr, 90k tbn, 90k tbc (attached pic)
                """);
        assertThat(probe.hasAudio()).isTrue();
        assertThat(probe.isVideo()).isFalse();
    }

    @Test
    void anImageHasNoSoundAndIsLeftToThePipelinesReason() {
        AudioProbe.Result probe = AudioProbe.parse("""
                Input #0, png_pipe, from 'cover-not-song.mp3':
                  Duration: N/A, bitrate: N/A
                  Stream #0:0: Video: png, rgb24(pc), 64x64, 25 tbr, 25 tbn, 25 tbc
                """);
        assertThat(probe.hasAudio()).isFalse();
        assertThat(probe.isVideo()).isFalse();
        assertThat(AudioProbe.parse("notes.mp3: Invalid data found when processing input").format()).isNull();
    }
}
