package dev.lalala.blob;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where originals, segments, covers and avatars live. Keys are {@code /}-separated relative paths
 * ({@code tracks/{id}/segments/00000.flac}, see {@code dev.lalala.events.audio.AudioLayout}); a prefix such as
 * {@code tracks/{id}/} names a folder. Two implementations, chosen by {@code lalala.blob.store}:
 * {@link FilesystemBlobStore} (default) and {@link S3BlobStore}.
 * <p>
 * Every write is atomic: a reader sees the whole new blob or what was there before, never a part, and a write that
 * fails leaves nothing behind. A missing blob is a {@link NoSuchFileException}.
 */
public interface BlobStore extends AutoCloseable {

    /** For {@link #put(String, InputStream, long)}: the length is not known in advance. */
    long UNKNOWN_LENGTH = -1;

    /**
     * Stores what {@code content} yields under {@code key}, streaming, replacing what was there; returns the number of
     * bytes stored. With a known {@code length}, a stream that yields more or fewer bytes fails and stores nothing.
     */
    long put(String key, InputStream content, long length) throws IOException;

    default long put(String key, InputStream content) throws IOException {
        return put(key, content, UNKNOWN_LENGTH);
    }

    default void put(String key, byte[] content) throws IOException {
        put(key, new ByteArrayInputStream(content), content.length);
    }

    /** Moves a finished local file in (a rename where the store can); the file is gone afterwards. Returns its size. */
    long putFile(String key, Path file) throws IOException;

    /**
     * Stores the file that {@code source} writes to the local path it is given (which does not exist yet), so that a
     * file already on disk can be moved there rather than copied; returns its size. Nothing is stored when
     * {@code source} throws.
     */
    default long putFrom(String key, FileSource source) throws IOException {
        Path dir = Files.createTempDirectory("lalala-blob-");
        Path file = dir.resolve("blob");
        try {
            source.writeTo(file);
            return putFile(key, file);
        } finally {
            Files.deleteIfExists(file);
            Files.deleteIfExists(dir);
        }
    }

    /** Writes a blob's content to a local file. */
    @FunctionalInterface
    interface FileSource {
        void writeTo(Path file) throws IOException;
    }

    /** The whole blob, streamed. */
    InputStream open(String key) throws IOException;

    /**
     * Part of the blob: {@code range.length()} bytes from {@code range.offset()} (fewer at the end of the blob).
     *
     * @throws RangeNotSatisfiableException when the offset is at or past the end of the blob
     */
    InputStream open(String key, ByteRange range) throws IOException;

    /**
     * The whole blob in memory, for small blobs (segments, covers, avatars); empty when there is none.
     *
     * @throws BlobTooLargeException when it has more than {@code maxBytes}
     */
    default Optional<byte[]> read(String key, long maxBytes) throws IOException {
        try (InputStream in = open(key)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > maxBytes) {
                    throw new BlobTooLargeException(key, maxBytes);
                }
                out.write(buffer, 0, n);
            }
            return Optional.of(out.toByteArray());
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Whether there is a blob under the key; a store that cannot be reached is an {@link java.io.UncheckedIOException}. */
    boolean exists(String key);

    /** The blob's size in bytes. */
    long size(String key) throws IOException;

    /** Deletes one blob; nothing happens when there is none. */
    void delete(String key) throws IOException;

    /** Deletes every blob whose key starts with {@code prefix} (typically a folder such as {@code tracks/{id}/}). */
    void deleteAll(String prefix) throws IOException;

    /** The blobs whose key starts with {@code prefix}, ordered by key. */
    List<BlobInfo> list(String prefix) throws IOException;

    /**
     * The blob as a local file, for tools that need a path (ffmpeg): the filesystem store's own file, or a download
     * into a temporary file that {@link LocalCopy#close()} deletes.
     */
    LocalCopy localCopy(String key) throws IOException;

    /** A blob as a local file; close it when done. */
    interface LocalCopy extends AutoCloseable {
        Path path();

        @Override
        void close() throws IOException;
    }

    /**
     * The store's own file of a blob, when the store keeps blobs as local files (so that it can be sent to a socket
     * with zero copy); empty for remote stores and missing blobs.
     */
    default Optional<Path> file(String key) {
        return Optional.empty();
    }

    /** Where the blobs are, for logs and health (the folder, or {@code s3://bucket at endpoint}). */
    String location();

    /** Checks that the store can be used now (its folder can be read, its bucket answers); throws with the reason. */
    void check() throws IOException;

    @Override
    default void close() {
    }

    /** A key and its size. */
    record BlobInfo(String key, long size) {
    }

    /** {@code length} bytes from {@code offset}; a negative length means to the end of the blob. */
    record ByteRange(long offset, long length) {
        public ByteRange {
            if (offset < 0) {
                throw new IllegalArgumentException("a range starts at 0 or later: " + offset);
            }
            if (length == 0) {
                throw new IllegalArgumentException("an empty range");
            }
        }

        public static ByteRange from(long offset) {
            return new ByteRange(offset, -1);
        }

        public static ByteRange of(long offset, long length) {
            return new ByteRange(offset, length);
        }

        public boolean toEnd() {
            return length < 0;
        }
    }
}
