package dev.lalala.streaming.blob;

import reactor.core.publisher.Mono;

/**
 * Where segments, original uploads, covers and avatars live: the local filesystem by default, S3-compatible
 * storage in production. Keys are {@code /}-separated relative paths (see {@code SegmentLayout}). This service
 * only reads.
 */
public interface BlobStore {

    /**
     * The whole blob, for small blobs such as segments; empty when there is no blob under the key.
     *
     * @throws BlobTooLargeException (as the error of the Mono) when the blob is larger than {@code maxBytes}
     */
    Mono<byte[]> read(String key, long maxBytes);

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
