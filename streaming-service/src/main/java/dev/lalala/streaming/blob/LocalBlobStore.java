package dev.lalala.streaming.blob;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/** Blobs as files under one root folder; file reads run on the bounded-elastic scheduler, off the event loop. */
public class LocalBlobStore implements BlobStore {

    private final Path root;

    public LocalBlobStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** The file of a key; a key that would leave the root (absolute, {@code ..}) is refused. */
    Path resolve(String key) {
        if (key == null || key.isBlank() || key.startsWith("/") || key.contains("\\")) {
            throw new IllegalArgumentException("invalid blob key: " + key);
        }
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("invalid blob key: " + key);
        }
        return path;
    }

    @Override
    public Mono<byte[]> read(String key, long maxBytes) {
        return Mono.fromCallable(() -> {
                    Path path = resolve(key);
                    try {
                        long size = Files.size(path);
                        if (size > maxBytes) {
                            throw new BlobTooLargeException(key, size, maxBytes);
                        }
                        return Files.readAllBytes(path);
                    } catch (NoSuchFileException e) {
                        return null;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Mono<Resource> resource(String key) {
        return Mono.fromCallable(() -> {
                    Path path = resolve(key);
                    return Files.isRegularFile(path) ? (Resource) new FileSystemResource(path) : null;
                })
                .subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public Status status() {
        if (!Files.isDirectory(root)) {
            return new Status(false, root.toString(), "the blob root is not a directory");
        }
        if (!Files.isReadable(root) || !Files.isExecutable(root)) {
            return new Status(false, root.toString(), "the blob root cannot be read");
        }
        return new Status(true, root.toString(), null);
    }
}
