package dev.lalala.blob;

import java.io.IOException;

/** A blob read whole into memory ({@link BlobStore#read}) was larger than the caller allows. */
public class BlobTooLargeException extends IOException {

    private static final long serialVersionUID = 1L;

    public BlobTooLargeException(String key, long maxBytes) {
        super("blob " + key + " has more than the " + maxBytes + " bytes allowed here");
    }
}
