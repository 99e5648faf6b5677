package dev.lalala.user.blob;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The blob store on the local filesystem (the fleet's shared {@code lalala.blobs.root}). Keys are {@code /}-separated
 * paths under the root. A write goes to a temporary file in the target's folder, is flushed to disk and then moved
 * into place atomically: a reader, or a restart after a crash, sees the old blob or the new one, never half of one.
 */
public class BlobStore {

    private static final String TEMP_SUFFIX = ".part";

    private final Path root;

    public BlobStore(Path root) throws IOException {
        this.root = Files.createDirectories(root.toAbsolutePath().normalize());
    }

    public Path root() {
        return root;
    }

    /** Writes {@code content} under {@code key}, replacing what was there, atomically. */
    public void put(String key, byte[] content) throws IOException {
        Path target = resolve(key);
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(content));
                channel.force(true);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the blob store's filesystem cannot move files atomically: " + root, e);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The blob's bytes, or empty when there is none. */
    public Optional<byte[]> read(String key) throws IOException {
        try {
            return Optional.of(Files.readAllBytes(resolve(key)));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    /** Deletes every blob under the folder {@code prefix} (ending with {@code /}) and the folder itself. */
    public void deleteAll(String prefix) throws IOException {
        if (!prefix.endsWith("/")) {
            throw new IllegalArgumentException("a folder prefix ends with '/': " + prefix);
        }
        Path folder = resolve(prefix.substring(0, prefix.length() - 1));
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The file of a key; keys are built from ids by this service, but a key escaping the root is refused anyway. */
    Path resolve(String key) {
        Path path = root.resolve(key).normalize();
        if (key.isBlank() || key.startsWith("/") || !path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("not a blob key: " + key);
        }
        return path;
    }
}
