package dev.lalala.streaming.ws;

import java.util.UUID;

/**
 * One streaming socket as it is now. {@code queuedBytes}: frames made for the client and not yet taken by its socket;
 * {@code socketPendingBytes}: bytes in Netty's outbound buffer for it, not yet written to the kernel.
 */
public record StreamSessionStats(UUID userId, UUID trackId, int credit, long segmentsSent, long queuedBytes,
        long socketPendingBytes) {

    /** What the server holds for this client beyond the shared cache. */
    public long bufferedBytes() {
        return queuedBytes + socketPendingBytes;
    }
}
