package dev.lalala.blob;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Blobs as files under one root folder, shared by the services of one machine. A write goes to a temporary file in
 * the target's folder, is flushed to disk ({@code fsync}) and then moved into place atomically, so a reader never
 * sees half a file and a crash leaves the old blob or the whole new one; a filesystem that cannot move atomically is
 * an error, not a silent fallback. Temporary files ({@code .<name>.<uuid>.tmp}) are never listed.
 */
public class FilesystemBlobStore implements BlobStore {

    private static final String TEMP_SUFFIX = ".tmp";

    private final Path root;

    public FilesystemBlobStore(Path root) throws IOException {
        this.root = Files.createDirectories(root.toAbsolutePath().normalize());
    }

    public Path root() {
        return root;
    }

    @Override
    public long put(String key, InputStream content, long length) throws IOException {
        return place(resolve(key), temp -> {
            long written;
            try (OutputStream out = Files.newOutputStream(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                written = content.transferTo(out);
            }
            if (length != UNKNOWN_LENGTH && written != length) {
                throw new IOException("blob " + key + ": expected " + length + " bytes, the stream had " + written);
            }
        });
    }

    @Override
    public long putFile(String key, Path file) throws IOException {
        // A rename when the file is on the store's filesystem; a copy (and delete) only when it is not.
        return place(resolve(key), temp -> Files.move(file, temp));
    }

    @Override
    public long putFrom(String key, FileSource source) throws IOException {
        return place(resolve(key), source);
    }

    @Override
    public InputStream open(String key) throws IOException {
        return Files.newInputStream(resolve(key));
    }

    @Override
    public InputStream open(String key, ByteRange range) throws IOException {
        FileChannel channel = FileChannel.open(resolve(key), StandardOpenOption.READ);
        try {
            long size = channel.size();
            if (range.offset() >= size) {
                throw new RangeNotSatisfiableException(key, range.offset());
            }
            channel.position(range.offset());
            long remaining = range.toEnd() ? size - range.offset() : Math.min(range.length(), size - range.offset());
            return new Limited(Channels.newInputStream(channel), remaining);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public boolean exists(String key) {
        return Files.isRegularFile(resolve(key));
    }

    @Override
    public long size(String key) throws IOException {
        Path path = resolve(key);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(key);
        }
        return Files.size(path);
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key));
    }

    @Override
    public void deleteAll(String prefix) throws IOException {
        BlobKeys.prefix(prefix);
        for (BlobInfo blob : list(prefix)) {
            Files.deleteIfExists(resolve(blob.key()));
        }
        if (prefix.endsWith("/")) {
            // The folder itself, and what a concurrent writer's temporary files left (empty folders).
            Path folder = resolveFolder(prefix);
            if (Files.isDirectory(folder)) {
                try (Stream<Path> paths = Files.walk(folder)) {
                    for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                        try {
                            if (Files.isDirectory(path) || isTemp(path)) {
                                Files.deleteIfExists(path);
                            }
                        } catch (DirectoryNotEmptyException e) {
                            // A concurrent writer added a file; the next delete of this folder gets it.
                        }
                    }
                }
            }
        }
    }

    @Override
    public List<BlobInfo> list(String prefix) throws IOException {
        if (!prefix.isEmpty()) {
            BlobKeys.prefix(prefix);
        }
        int slash = prefix.lastIndexOf('/');
        Path folder = slash < 0 ? root : resolveFolder(prefix.substring(0, slash + 1));
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<BlobInfo> result = new ArrayList<>();
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (!Files.isRegularFile(path) || isTemp(path)) {
                    continue;
                }
                String key = root.relativize(path).toString().replace(path.getFileSystem().getSeparator(), "/");
                if (key.startsWith(prefix)) {
                    try {
                        result.add(new BlobInfo(key, Files.size(path)));
                    } catch (NoSuchFileException e) {
                        // deleted meanwhile
                    }
                }
            }
        }
        result.sort(Comparator.comparing(BlobInfo::key));
        return result;
    }

    @Override
    public LocalCopy localCopy(String key) throws IOException {
        Path path = resolve(key);
        if (!Files.isRegularFile(path)) {
            throw new NoSuchFileException(key);
        }
        return new LocalCopy() {
            @Override
            public Path path() {
                return path;
            }

            @Override
            public void close() {
                // the store's own file: nothing to clean up
            }
        };
    }

    @Override
    public Optional<Path> file(String key) {
        Path path = resolve(key);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    @Override
    public String location() {
        return root.toString();
    }

    @Override
    public void check() throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("the blob root " + root + " is not a directory");
        }
        if (!Files.isReadable(root) || !Files.isExecutable(root)) {
            throw new IOException("the blob root " + root + " cannot be read");
        }
    }

    /** The file of a key; a key that would leave the root is refused. */
    Path resolve(String key) {
        BlobKeys.key(key);
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("blob key outside the store: " + key);
        }
        return path;
    }

    private Path resolveFolder(String prefix) {
        BlobKeys.prefix(prefix);
        Path path = root.resolve(prefix.substring(0, prefix.length() - 1)).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("blob prefix outside the store: " + prefix);
        }
        return path;
    }

    private static boolean isTemp(Path path) {
        String name = path.getFileName().toString();
        return name.startsWith(".") && name.endsWith(TEMP_SUFFIX);
    }

    /**
     * Has {@code write} fill a temporary file next to the target, flushes it to disk and moves it into place
     * atomically; returns its size. The temporary file never outlives the call.
     */
    private static long place(Path target, FileSource write) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
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

    /** At most {@code remaining} bytes of the stream. */
    private static final class Limited extends FilterInputStream {
        private long remaining;

        Limited(InputStream in, long remaining) {
            super(in);
            this.remaining = remaining;
        }

        @Override
        public int read() throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                remaining--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = super.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = super.skip(Math.min(n, remaining));
            remaining -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(super.available(), remaining);
        }
    }
}
