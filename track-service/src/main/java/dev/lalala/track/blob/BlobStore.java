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

    boolean exists(String key);

    InputStream open(String key) throws IOException;

    /** A local path to read the blob from (the filesystem store's own file; a remote store would download it). */
    Path localPath(String key) throws IOException;

    long size(String key) throws IOException;

    /** Deletes every blob whose key starts with {@code prefix} (a folder such as {@code tracks/{id}/}). */
    void deleteAll(String prefix) throws IOException;

    void delete(String key) throws IOException;
}
