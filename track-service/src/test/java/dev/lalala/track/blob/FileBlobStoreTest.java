package dev.lalala.track.blob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
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
    void aFileIsMovedInAndReplacesTheOldBlobWhole() throws IOException {
        FileBlobStore store = new FileBlobStore(root.resolve("store"));
        store.put("tracks/d/track.flac", new byte[] {1});
        Path finished = Files.write(root.resolve("finished.flac"), new byte[] {9, 8, 7});
        Object inode = Files.readAttributes(finished, BasicFileAttributes.class).fileKey();

        store.putFile("tracks/d/track.flac", finished);

        assertThat(Files.exists(finished)).isFalse();
        Path stored = store.localPath("tracks/d/track.flac");
        assertThat(Files.readAllBytes(stored)).containsExactly(9, 8, 7);
        // Same filesystem: renamed, not copied.
        assertThat(Files.readAttributes(stored, BasicFileAttributes.class).fileKey()).isEqualTo(inode);
        assertNoTemporaryFiles(store.root());
    }

    @Test
    void putFromStoresWhatTheSourceWroteAndNothingWhenItFails() throws IOException {
        FileBlobStore store = new FileBlobStore(root);
        assertThat(store.putFrom("tracks/e/original", file -> Files.write(file, new byte[] {1, 2, 3, 4})))
                .isEqualTo(4);
        assertThat(store.size("tracks/e/original")).isEqualTo(4);

        assertThatThrownBy(() -> store.putFrom("tracks/f/original", file -> {
            Files.write(file, new byte[] {5});
            throw new IOException("too large");
        })).hasMessage("too large");
        assertThat(store.exists("tracks/f/original")).isFalse();
        assertNoTemporaryFiles(root);
    }

    @Test
    void aMoveThatCannotBeAtomicFailsInsteadOfFallingBack() throws IOException {
        Path otherFilesystem = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(otherFilesystem)
                && !Files.getFileStore(otherFilesystem).equals(Files.getFileStore(root)), "needs a second filesystem");
        Path temp = Files.createTempFile(otherFilesystem, "blob", ".tmp");
        try {
            Path target = root.resolve("target");
            assertThatThrownBy(() -> FileBlobStore.moveAtomically(temp, target))
                    .isInstanceOf(IOException.class).hasCauseInstanceOf(AtomicMoveNotSupportedException.class);
            assertThat(Files.exists(target)).isFalse();
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static void assertNoTemporaryFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            assertThat(files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()).isEmpty();
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
