package dev.lalala.streaming.ws;

import java.util.UUID;

/**
 * One streaming socket as it is now. {@code segmentsSent}: segment frames written to it; {@code unwrittenSegments}:
 * segment frames emitted for it that Netty has not written yet; {@code bufferedBytes}: what the server holds for it
 * beyond the shared cache (those frames, and text frames it has not taken).
 */
public record StreamSessionStats(UUID userId, UUID trackId, int credit, long segmentsSent, int unwrittenSegments,
        long bufferedBytes) {
}
