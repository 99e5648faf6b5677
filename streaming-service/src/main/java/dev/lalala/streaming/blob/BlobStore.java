package dev.lalala.streaming.blob;

import org.springframework.core.io.Resource;
import reactor.core.publisher.Mono;

/**
 * Where segments, original uploads, covers and avatars live: the local filesystem by default, S3-compatible
 * storage in production. Keys are {@code /}-separated relative paths (see {@code dev.lalala.events.audio.AudioLayout}). This service
 * only reads.
 */
public interface BlobStore {

    /**
     * The whole blob, for small blobs such as segments; empty when there is no blob under the key.
     *
     * @throws BlobTooLargeException (as the error of the Mono) when the blob is larger than {@code maxBytes}
     */
    Mono<byte[]> read(String key, long maxBytes);

    /**
     * The blob as a resource to stream (the whole track, with Range): a file for the local store, so that it goes
     * to the socket as a zero-copy file region. Empty when there is no blob under the key.
     */
    Mono<Resource> resource(String key);

    /** Whether the store can be read now, with details for the health endpoint. */
    Status status();

    record Status(boolean readable, String location, String problem) {
    }

    class BlobTooLargeException extends RuntimeException {
        public BlobTooLargeException(String key, long size, long maxBytes) {
            super("blob " + key + " has " + size + " bytes, more than the " + maxBytes + " allowed here");
        }
    }
}
