package dev.lalala.streaming.segment;

import java.nio.ByteBuffer;

/**
 * One segment's bytes, shared by every listener and never written to. They live off-heap (a direct buffer), so that
 * Netty hands them to the socket as they are: a heap array would be copied into a direct buffer for each listener
 * at each write, which is exactly what the cache is there to avoid. Freed by the garbage collector once evicted and
 * no frame refers to it any more.
 */
public record Segment(ByteBuffer content, String etag) {

    public static Segment of(byte[] bytes) {
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        return new Segment(direct, ETags.strong(bytes));
    }

    public int size() {
        return content.limit();
    }

    /** A view for one response or frame: its own position, the same memory (writable only so Netty can wrap it). */
    public ByteBuffer view() {
        return content.duplicate();
    }
}
