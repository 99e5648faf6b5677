package dev.lalala.streaming.blob;

import dev.lalala.blob.BlobStore;
import dev.lalala.blob.FilesystemBlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.NoSuchFileException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;

/**
 * The platform {@link BlobStore} (filesystem or S3, by {@code lalala.blob.store}) for this reactive service: every
 * blocking call runs on the bounded-elastic scheduler, never on an event loop. This service only reads.
 */
@Component
public class ReactiveBlobs {

    private static final Logger log = LoggerFactory.getLogger(ReactiveBlobs.class);
    private static final int CHUNK = 64 * 1024;

    private final BlobStore store;
    private final Scheduler scheduler = Schedulers.boundedElastic();

    public ReactiveBlobs(BlobStore store) {
        this.store = store;
        log.info("Reading blobs from {}", store.location());
    }

    public BlobStore store() {
        return store;
    }

    /** Whether blobs are local files (the filesystem store), which can be sent with zero copy. */
    public boolean isLocal() {
        return store instanceof FilesystemBlobStore;
    }

    /**
     * The whole blob, for small blobs such as segments; empty when there is no blob under the key.
     *
     * @throws dev.lalala.blob.BlobTooLargeException (as the error of the Mono) when larger than {@code maxBytes}
     */
    public Mono<byte[]> read(String key, long maxBytes) {
        return Mono.fromCallable(() -> store.read(key, maxBytes).orElse(null)).subscribeOn(scheduler);
    }

    /**
     * The blob's own file when the store keeps files (it goes to the socket as a zero-copy file region); empty for a
     * remote store or a missing blob.
     */
    public Mono<Resource> file(String key) {
        return Mono.fromCallable(() -> store.file(key).<Resource>map(FileSystemResource::new).orElse(null))
                .subscribeOn(scheduler);
    }

    /** The blob's size; empty when there is none. */
    public Mono<Long> size(String key) {
        return Mono.fromCallable(() -> {
            try {
                return store.size(key);
            } catch (NoSuchFileException e) {
                return null;
            }
        }).subscribeOn(scheduler);
    }

    /** {@code length} bytes from {@code offset}, streamed in 64 kB buffers read on the bounded-elastic scheduler. */
    public Flux<DataBuffer> stream(String key, long offset, long length) {
        return DataBufferUtils.readInputStream(() -> open(key, offset, length), DefaultDataBufferFactory.sharedInstance,
                CHUNK).subscribeOn(scheduler);
    }

    private InputStream open(String key, long offset, long length) {
        try {
            return store.open(key, BlobStore.ByteRange.of(offset, length));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
