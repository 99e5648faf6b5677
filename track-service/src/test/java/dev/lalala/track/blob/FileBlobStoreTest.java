package dev.lalala.track.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileBlobStoreTest {

    @TempDir Path root;

    @Test
    void storesReadsAndDeletesAFolder() throws IOException {
        FileBlobStore store = new FileBlobStore(root);
        assertThat(store.put("tracks/a/original", new ByteArrayInputStream(new byte[] {1, 2, 3}))).isEqualTo(3);
        store.put("tracks/a/segments/00000.flac", new byte[] {4});
        store.put("tracks/b/original", new byte[] {5});
        try (InputStream in = store.open("tracks/a/original")) {
            assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
        }
        store.deleteAll("tracks/a/");
        assertThat(Files.exists(root.resolve("tracks/a"))).isFalse();
        assertThat(store.exists("tracks/b/original")).isTrue();
    }

    @Test
    void aFailedWriteLeavesNothingBehind() throws IOException {
        FileBlobStore store = new FileBlobStore(root);
        InputStream failing = new InputStream() {
            int n;

            @Override
            public int read() throws IOException {
                if (n++ > 10) {
                    throw new IOException("client went away");
                }
                return 7;
            }
        };
        assertThatThrownBy(() -> store.put("tracks/c/original", failing)).isInstanceOf(IOException.class);
        assertThat(store.exists("tracks/c/original")).isFalse();
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).toList()).isEmpty();
        }
    }

    @Test
    void keysCannotLeaveTheRoot() throws IOException {
        FileBlobStore store = new FileBlobStore(root);
        for (String key : new String[] {"../outside", "/etc/passwd", "tracks/../../x", "a\\b", ""}) {
            assertThatThrownBy(() -> store.put(key, new byte[] {1})).as(key)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
