package dev.lalala.blob;

import java.io.IOException;

/** A range read ({@link BlobStore#open(String, BlobStore.ByteRange)}) starting at or past the end of the blob. */
public class RangeNotSatisfiableException extends IOException {

    private static final long serialVersionUID = 1L;

    public RangeNotSatisfiableException(String key, long offset) {
        super("blob " + key + " ends before byte " + offset);
    }
}
