package dev.lalala.streaming.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest {

    @TempDir
    Path root;

    @Test
    void readsWhatIsThereAndNothingWhereNothingIs() throws Exception {
        Files.createDirectories(root.resolve("tracks/t/segments"));
        Files.write(root.resolve("tracks/t/segments/00000.flac"), new byte[] {1, 2, 3});
        LocalBlobStore store = new LocalBlobStore(root);

        assertThat(store.read("tracks/t/segments/00000.flac", 10).block()).containsExactly(1, 2, 3);
        assertThat(store.read("tracks/t/segments/00001.flac", 10).blockOptional()).isEmpty();
        assertThatThrownBy(() -> store.read("tracks/t/segments/00000.flac", 2).block())
                .isInstanceOf(BlobStore.BlobTooLargeException.class);
    }

    @Test
    void keysCannotLeaveTheRoot() {
        LocalBlobStore store = new LocalBlobStore(root);

        for (String key : new String[] {"../etc/passwd", "/etc/passwd", "tracks/../../x", "", ".", "a\\b"}) {
            assertThatThrownBy(() -> store.resolve(key)).as(key).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(store.resolve("tracks/x/track.flac")).isEqualTo(root.toAbsolutePath().resolve("tracks/x/track.flac"));
    }

    @Test
    void theStoreIsReadableOnlyWhenItsRootIsADirectory() {
        assertThat(new LocalBlobStore(root).status().readable()).isTrue();
        BlobStore.Status missing = new LocalBlobStore(root.resolve("nope")).status();
        assertThat(missing.readable()).isFalse();
        assertThat(missing.problem()).isNotBlank();
    }
}
