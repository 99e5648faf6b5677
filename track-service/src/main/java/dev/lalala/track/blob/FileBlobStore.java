package dev.lalala.track.blob;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Blobs as files under one root folder. Writes go to a temporary file in the same folder, are flushed to disk and
 * then moved into place atomically, so a reader (streaming-service, reading the same folder) never sees half a
 * file; a filesystem that cannot move atomically is an error, not a silent fallback.
 */
public class FileBlobStore implements BlobStore {

    private final Path root;

    public FileBlobStore(Path root) throws IOException {
        this.root = Files.createDirectories(root.toAbsolutePath().normalize());
    }

    public Path root() {
        return root;
    }

    @Override
    public long put(String key, InputStream content) throws IOException {
        return place(resolve(key), temp -> {
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                content.transferTo(out);
            }
        });
    }

    @Override
    public void put(String key, byte[] content) throws IOException {
        place(resolve(key), temp -> Files.write(temp, content, StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE));
    }

    @Override
    public void putFile(String key, Path file) throws IOException {
        // A rename when the file is on the store's filesystem; a copy (and delete) only when it is not.
        place(resolve(key), temp -> Files.move(file, temp));
    }

    @Override
    public long putFrom(String key, FileSource source) throws IOException {
        return place(resolve(key), source);
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public Path localPath(String key) throws IOException {
        Path path = resolve(key);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(key);
        }
        return path;
    }

    @Override
    public long size(String key) throws IOException {
        return Files.size(resolve(key));
    }

    @Override
    public void deleteAll(String prefix) throws IOException {
        Path folder = resolve(prefix);
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                try {
                    Files.deleteIfExists(path);
                } catch (DirectoryNotEmptyException e) {
                    // A concurrent writer added a file; the next delete of this folder gets it.
                }
            }
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    /** The file of a key; a key that would leave the root (.., absolute) is refused. */
    Path resolve(String key) {
        if (key == null || key.isBlank() || key.startsWith("/") || key.contains("\\")) {
            throw new IllegalArgumentException("bad blob key: " + key);
        }
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("blob key outside the store: " + key);
        }
        return path;
    }

    /**
     * Has {@code write} fill a temporary file next to the target, flushes it to disk and moves it into place
     * atomically; returns its size. The temporary file never outlives the call.
     */
    private static long place(Path target, FileSource write) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            write.writeTo(temp);
            long size;
            // Flushed before the move: after a crash the key holds the old blob or the whole new one.
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.force(true);
                size = channel.size();
            }
            moveAtomically(temp, target);
            return size;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    static void moveAtomically(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // A plain move may show readers half a file: fail rather than quietly break the promise.
            throw new IOException("the blob store cannot move " + temp + " into place atomically", e);
        }
    }
}
