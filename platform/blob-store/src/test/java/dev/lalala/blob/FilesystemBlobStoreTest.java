package dev.lalala.blob;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The contract on the local filesystem, plus what only a folder can show. */
class FilesystemBlobStoreTest extends BlobStoreContract {

    Path root;
    FilesystemBlobStore store;

    @BeforeEach
    void open() throws IOException {
        root = temp.resolve("blobs");
        store = new FilesystemBlobStore(root);
    }

    @Override
    BlobStore store() {
        return store;
    }

    @Override
    void assertNothingPendingUnder(String prefix) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile).map(p -> root.relativize(p).toString())
                    .filter(name -> name.endsWith(".tmp"))).as("temporary files").isEmpty();
        }
    }

    @Test
    void blobsAreFilesUnderTheRootAndTheZeroCopyPathIsTheFile() throws IOException {
        store.put("tracks/t/track.flac", bytes("flac"));
        Path file = root.resolve("tracks/t/track.flac");
        assertThat(file).hasContent("flac");
        assertThat(store.file("tracks/t/track.flac")).contains(file);
        assertThat(store.file("tracks/t/none")).isEmpty();
        try (BlobStore.LocalCopy copy = store.localCopy("tracks/t/track.flac")) {
            assertThat(copy.path()).isEqualTo(file);
        }
        assertThat(file).as("the store's own file outlives the local copy").exists();
    }

    @Test
    void deletingAFolderPrefixRemovesTheFolder() throws IOException {
        store.put("tracks/t/segments/00000.flac", bytes("s"));
        store.deleteAll("tracks/t/");
        assertThat(root.resolve("tracks/t")).doesNotExist();
        assertThat(root.resolve("tracks")).exists();
    }

    @Test
    void aHalfWrittenTemporaryFileIsNeverListed() throws IOException {
        Files.createDirectories(root.resolve("tracks/t"));
        Files.writeString(root.resolve("tracks/t/.original.1234.tmp"), "half");
        assertThat(store.list("tracks/")).isEmpty();
    }

    @Test
    void aLargePutThatFailsKeepsTheOldBlob() throws IOException {
        store.put("tracks/t/original", bytes("the old blob"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> store.put("tracks/t/original",
                new Failing(new Generated(LARGE, 6), 9L * 1024 * 1024))).isInstanceOf(IOException.class);
        assertThat(store.read("tracks/t/original", 100)).contains(bytes("the old blob"));
        assertNothingPendingUnder("tracks/");
    }

    @Test
    void aFileOnTheSameFilesystemIsRenamedInNotCopied() throws IOException {
        Path finished = Files.write(temp.resolve("finished.flac"), new byte[] {9, 8, 7});
        Object inode = Files.readAttributes(finished, BasicFileAttributes.class).fileKey();
        store.putFile("tracks/d/track.flac", finished);
        Path stored = store.file("tracks/d/track.flac").orElseThrow();
        assertThat(Files.readAllBytes(stored)).containsExactly(9, 8, 7);
        assertThat(Files.readAttributes(stored, BasicFileAttributes.class).fileKey()).isEqualTo(inode);
    }

    @Test
    void aMoveThatCannotBeAtomicFailsInsteadOfFallingBack() throws IOException {
        Path otherFilesystem = Path.of("/dev/shm");
        assumeTrue(Files.isDirectory(otherFilesystem)
                && !Files.getFileStore(otherFilesystem).equals(Files.getFileStore(root)), "needs a second filesystem");
        Path tempFile = Files.createTempFile(otherFilesystem, "blob", ".tmp");
        try {
            Path target = root.resolve("target");
            assertThatThrownBy(() -> FilesystemBlobStore.moveAtomically(tempFile, target))
                    .isInstanceOf(IOException.class).hasCauseInstanceOf(AtomicMoveNotSupportedException.class);
            assertThat(Files.exists(target)).isFalse();
        } finally {
            Files.deleteIfExists(tempFile);
        }
    }
}
