package dev.lalala.streaming.ws;

import dev.lalala.events.audio.TrackManifest;
import dev.lalala.streaming.segment.Segment;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.buffer.UnpooledDirectByteBuf;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.UUID;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferFactory;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.web.reactive.socket.WebSocketMessage;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stream socket's wire format: client frames parsed into calls on a {@link Handler}, and the server's frames (the
 * JSON {@code track}, {@code end} and {@code error} texts, and the binary segment frame).
 */
final class StreamProtocol {

    static final String SUBPROTOCOL = "lalala.stream.v1";
    /** Track UUID (16 bytes) and segment index (4 bytes) before the FLAC bytes of a segment frame. */
    static final int FRAME_HEADER_BYTES = 20;

    record TrackHeader(String type, UUID trackId, UUID playId, int fromSegment, int segmentCount,
            long segmentDurationMs, int segmentSamples, int lastSegmentSamples, int sampleRate, int channels,
            int bitsPerSample, long durationMs, double gainDb, double loudnessLufs, List<Double> waveform) {
    }

    record End(String type, UUID trackId) {
    }

    record Error(String type, String code, String message, UUID trackId) {
    }

    /** What a client's frames ask of its session, one call per frame, in order. */
    interface Handler {

        void ping(long t0);

        /** Completes once the play has started (or failed with an error frame): the next frame waits for it. */
        Mono<Void> play(Command.Play play);

        void credit(int n);

        void seek(int segment);

        void stop();

        /** A frame that is not a command: answered with an error frame, the connection stays. */
        void invalid(String code, String message);
    }

    private final JsonMapper json;

    StreamProtocol(JsonMapper json) {
        this.json = json;
    }

    Mono<Void> onMessage(WebSocketMessage message, Handler handler) {
        if (message.getType() == WebSocketMessage.Type.BINARY) {
            handler.invalid(Command.UNSUPPORTED, "Only JSON text frames are understood.");
            return Mono.empty();
        }
        if (message.getType() != WebSocketMessage.Type.TEXT) {
            return Mono.empty();
        }
        return switch (Command.parse(json, message.getPayloadAsText())) {
            case Command.Ping ping -> {
                handler.ping(ping.t0());
                yield Mono.empty();
            }
            case Command.Play play -> handler.play(play);
            case Command.Credit credit -> {
                handler.credit(credit.n());
                yield Mono.empty();
            }
            case Command.Seek seek -> {
                handler.seek(seek.segment());
                yield Mono.empty();
            }
            case Command.Stop stop -> {
                handler.stop();
                yield Mono.empty();
            }
            case Command.Invalid invalid -> {
                handler.invalid(invalid.code(), invalid.message());
                yield Mono.empty();
            }
        };
    }

    String trackHeader(TrackManifest manifest, UUID playId, int fromSegment) {
        return json.writeValueAsString(new TrackHeader("track", manifest.trackId(), playId, fromSegment,
                manifest.segmentCount(), manifest.segmentDurationMs(), manifest.segmentSamples(),
                manifest.lastSegmentSamples(), manifest.sampleRate(), manifest.channels(), manifest.bitsPerSample(),
                manifest.durationMs(), manifest.gainDb(), manifest.loudnessLufs(), manifest.waveform()));
    }

    String end(UUID trackId) {
        return json.writeValueAsString(new End("end", trackId));
    }

    String error(String code, String message, UUID trackId) {
        return json.writeValueAsString(new Error("error", code, message, trackId));
    }

    /**
     * The binary frame: 16 bytes of track UUID (most significant long first), the segment index as a 4-byte
     * big-endian int, then the segment's FLAC file. The FLAC bytes are the cached array itself, wrapped;
     * {@code onWritten} runs once the frame no longer holds memory for this client.
     */
    static DataBuffer segmentFrame(DataBufferFactory factory, UUID trackId, int index, Segment segment,
            Runnable onWritten) {
        if (!(factory instanceof NettyDataBufferFactory netty)) {
            // Not on Netty (never in this service): a copy, and nothing to wait for.
            byte[] all = new byte[FRAME_HEADER_BYTES + segment.size()];
            ByteBuffer.wrap(all).putLong(trackId.getMostSignificantBits())
                    .putLong(trackId.getLeastSignificantBits()).putInt(index)
                    .put(segment.view());
            onWritten.run();
            return factory.wrap(all);
        }
        // Direct memory both, so the epoll transport writes them as they are (gathering write, no copy).
        ByteBuf header = netty.getByteBufAllocator().directBuffer(FRAME_HEADER_BYTES, FRAME_HEADER_BYTES)
                .writeLong(trackId.getMostSignificantBits())
                .writeLong(trackId.getLeastSignificantBits())
                .writeInt(index);
        return netty.wrap(Unpooled.wrappedBuffer(header, new SegmentView(segment, onWritten)));
    }

    /**
     * The cached segment's memory, wrapped for one frame. Netty releases a frame once it wrote it to the socket (or
     * failed to, when the connection ended): the one moment that says the frame is no longer held for this client,
     * whatever Reactor Netty's read-ahead took earlier. Releasing it never frees the shared memory.
     */
    private static final class SegmentView extends UnpooledDirectByteBuf {

        private final Runnable onRelease;

        SegmentView(Segment segment, Runnable onRelease) {
            super(UnpooledByteBufAllocator.DEFAULT, segment.view(), segment.size());
            this.onRelease = onRelease;
        }

        @Override
        protected void deallocate() {
            super.deallocate();
            onRelease.run();
        }
    }
}
