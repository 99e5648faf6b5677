package dev.lalala.streaming.segment;

/**
 * One segment's bytes as read from the blob store, shared by every listener: never written to, so the same array
 * is wrapped (not copied) for each socket it goes to.
 */
public record Segment(byte[] bytes, String etag) {

    public static Segment of(byte[] bytes) {
        return new Segment(bytes, ETags.strong(bytes));
    }

    public int size() {
        return bytes.length;
    }
}
