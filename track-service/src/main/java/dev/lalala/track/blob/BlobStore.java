package dev.lalala.track.blob;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where audio, segments and covers live: keys are {@code /}-separated paths ({@code tracks/{id}/...}, see
 * {@link dev.lalala.events.audio.AudioLayout}). The local filesystem here; S3-compatible storage would implement
 * the same few operations. Every write is atomic: a reader sees the whole blob or none of it.
 */
public interface BlobStore {

    /** Stores what {@code content} yields under {@code key}, streaming; returns the number of bytes written. */
    long put(String key, InputStream content) throws IOException;

    void put(String key, byte[] content) throws IOException;

    /** Moves a finished local file in (atomically); the file is gone afterwards. */
    void putFile(String key, Path file) throws IOException;

    /**
     * Stores the file that {@code source} writes to the local path it is given (which does not exist yet), so a
     * file already on disk can be moved there rather than copied; returns its size. Nothing is stored when
     * {@code source} throws.
     */
    long putFrom(String key, FileSource source) throws IOException;

    /** Writes a blob's content to a local file. */
    interface FileSource {
        void writeTo(Path file) throws IOException;
    }

    boolean exists(String key);

    InputStream open(String key) throws IOException;

    /** A local path to read the blob from (the filesystem store's own file; a remote store would download it). */
    Path localPath(String key) throws IOException;

    long size(String key) throws IOException;

    /** Deletes every blob whose key starts with {@code prefix} (a folder such as {@code tracks/{id}/}). */
    void deleteAll(String prefix) throws IOException;

    void delete(String key) throws IOException;
}
