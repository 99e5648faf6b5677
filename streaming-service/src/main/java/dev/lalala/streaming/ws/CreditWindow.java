package dev.lalala.streaming.ws;

import dev.lalala.streaming.StreamingProperties;

/**
 * Credit-based flow control of one socket, and the bounds on what is held for it: a segment goes out only against
 * credit and while fewer than {@code max-credit} of its segment frames are unwritten (a frame counts until Netty
 * has written and released it); text frames the client does not take are capped at {@code max-queued-frames}; a
 * client with unwritten frames of which none was written for {@code stall-timeout} has stalled.
 *
 * <p>Not thread-safe: its session calls it only under the session's monitor.
 */
final class CreditWindow {

    private final StreamingProperties.Ws limits;

    private int credit;
    private int queuedFrames;
    private long queuedBytes;
    private int unwrittenSegments;
    private long unwrittenBytes;
    private long segmentsSent;
    private long lastWrittenNanos = System.nanoTime();

    CreditWindow(StreamingProperties.Ws limits) {
        this.limits = limits;
    }

    int maxCredit() {
        return limits.getMaxCredit();
    }

    boolean validGrant(int n) {
        return n >= 1 && n <= limits.getMaxCredit();
    }

    /** More credit, never past {@code max-credit} in all. */
    void grant(int n) {
        credit = Math.min(credit + n, limits.getMaxCredit());
    }

    /** Whether one more segment may be loaded and sent now. */
    boolean maySendSegment() {
        return credit > 0 && unwrittenSegments < limits.getMaxCredit();
    }

    /** A segment frame is on its way out: it takes one credit and counts as unwritten until written. */
    void segmentQueued(long frameBytes) {
        credit--;
        if (unwrittenSegments == 0) {
            lastWrittenNanos = System.nanoTime();
        }
        unwrittenSegments++;
        unwrittenBytes += frameBytes;
    }

    /** Whether a text frame may still be queued; false: the client does not read and is dropped. */
    boolean mayQueueText() {
        if (queuedFrames >= limits.getMaxQueuedFrames()) {
            return false;
        }
        queuedFrames++;
        return true;
    }

    void queued(long bytes) {
        queuedBytes += bytes;
    }

    /** The socket took a queued frame. */
    void taken(long bytes, boolean text) {
        queuedBytes -= bytes;
        if (text) {
            queuedFrames--;
        }
    }

    /** Netty released a segment frame: written to the socket, or not when the connection was already gone. */
    void segmentWritten(long frameBytes, boolean written) {
        unwrittenSegments--;
        unwrittenBytes -= frameBytes;
        lastWrittenNanos = System.nanoTime();
        if (written) {
            segmentsSent++;
        }
    }

    boolean stalled(long nowNanos) {
        return unwrittenSegments > 0 && nowNanos - lastWrittenNanos > limits.getStallTimeout().toNanos();
    }

    void clearQueue() {
        queuedBytes = 0;
        queuedFrames = 0;
    }

    int credit() {
        return credit;
    }

    long segmentsSent() {
        return segmentsSent;
    }

    int unwrittenSegments() {
        return unwrittenSegments;
    }

    long bufferedBytes() {
        return queuedBytes + unwrittenBytes;
    }
}
