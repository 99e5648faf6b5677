package dev.lalala.track.upload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Test;

class FilenamesTest {

    @Test
    void keepsOnlyTheLastSegmentOfAPath() {
        assertThat(Filenames.sanitize("../../etc/passwd")).isEqualTo("passwd");
        assertThat(Filenames.sanitize("..\\..\\Windows\\win.ini")).isEqualTo("win.ini");
        assertThat(Filenames.sanitize("/abs/path/song.mp3")).isEqualTo("song.mp3");
    }

    @Test
    void dropsWhatCouldBeAPathOrAControlCharacter() {
        assertThat(Filenames.sanitize("..")).isEqualTo("upload");
        assertThat(Filenames.sanitize("a\u0000b\nc.wav")).isEqualTo("a_b_c.wav");
        assertThat(Filenames.sanitize(".hidden.mp3")).isEqualTo("hidden.mp3");
        assertThat(Filenames.sanitize("my..song.mp3")).isEqualTo("my.song.mp3");
        assertThat(Filenames.sanitize(null)).isEqualTo("upload");
        assertThat(Filenames.sanitize("한강 (live).flac")).isEqualTo("한강 (live).flac");
        assertThat(Filenames.sanitize("x".repeat(500))).hasSize(120);
    }

    @Test
    void aDefaultTitleIsTheNameWithoutItsExtension() {
        assertThat(Filenames.title("night_drive.mp3")).isEqualTo("night drive");
        assertThat(Filenames.title("upload")).isEqualTo("upload");
        assertThat(Filenames.title("_.mp3")).isEqualTo("Untitled");
        assertThat(Filenames.title(null)).isEqualTo("Untitled");
        assertThat(Filenames.title("../../tmp/evil.wav")).isEqualTo("evil");
    }

    @Test
    void aDefaultTitleKeepsWhatTheStoredNameCannot() {
        // The stored name keeps only safe characters ("Track _1.mp3"); the title is the artist's own words.
        assertThat(Filenames.sanitize("Track #1.mp3")).isEqualTo("Track _1.mp3");
        assertThat(Filenames.title("Track #1.mp3")).isEqualTo("Track #1");
        assertThat(Filenames.title("C'est la vie & more!.flac")).isEqualTo("C'est la vie & more!");
        assertThat(Filenames.title("Mr. Brightside")).as("no extension to drop").isEqualTo("Mr. Brightside");
        assertThat(Filenames.title("a\u0007b\nc.wav")).as("control characters are no title").isEqualTo("a b c");
    }

    @Test
    void theCountingStreamStopsAtTheLimit() throws Exception {
        LimitedInputStream ok = new LimitedInputStream(new ByteArrayInputStream(new byte[100]), 100);
        assertThat(ok.readAllBytes()).hasSize(100);
        LimitedInputStream over = new LimitedInputStream(new ByteArrayInputStream(new byte[101]), 100);
        assertThatThrownBy(over::readAllBytes).isInstanceOf(LimitedInputStream.LimitExceededException.class);
    }
}
