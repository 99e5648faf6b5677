package dev.lalala.gateway.websocket;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.Utf8FrameValidator;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketFrameDecoder;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.NettyPipeline;
import reactor.netty.http.websocket.WebsocketInbound;

/**
 * The bytes of a proxied WebSocket, once both handshakes are done: one Netty handler on each of the two channels (the
 * client's and the service's), placed before Reactor Netty's reactive bridge, passes what the socket read to the
 * other channel as it is. Neither side negotiated an extension (no permessage-deflate), so a frame the service sends
 * is already a valid frame for the client (unmasked) and a frame the client sends is already a valid frame for the
 * service (masked): the relay never decodes a payload, never copies it, never allocates per frame. It only reads
 * each frame's 2-14 header bytes to know where frames end, and
 * <ul>
 *   <li>writes only whole frames: the bytes of a frame still arriving are held (slices of the buffers the socket read
 *       into) until its last byte is there, so whatever happens to one side, the other side's stream is always at a
 *       frame boundary and can get a close frame;</li>
 *   <li>checks what a peer must never get: reserved bits or opcodes, a wrong mask bit, a fragmented or oversized
 *       control frame, a frame over {@code max-frame-payload-length};</li>
 *   <li>takes close frames out of the stream and hands them on itself, with their codes checked and counted.</li>
 * </ul>
 * Reactor Netty's frame decoder is removed from the channel at the first frame boundary it reports (its leftover
 * bytes come to the relay raw); the frame encoder stays, for the close frames the relay writes and the few frames
 * that were decoded before (a service's greeting that arrived with its 101). Writes are flushed once per read batch,
 * and a side that cannot write fast enough stops the other side's reads until it can (no unbounded queue).
 *
 * <p>Endings (the codes a client acts on are in docs/streaming-close-codes.md):
 * <ul>
 *   <li>a close frame from either side goes to the other with its code and reason (codes an endpoint may not send
 *       become 1002), and whoever closes the TCP connection last also closes the other one;</li>
 *   <li>the service's connection ends without a close frame (the service was killed or restarted): the client gets
 *       <b>1012</b> "&lt;service&gt; went away, reconnect";</li>
 *   <li>the service's side fails otherwise (something that is not a valid frame, an internal error): the client gets
 *       <b>1011</b> with a reason naming the service;</li>
 *   <li>the client's connection ends without a close frame: the service gets 1001 "client went away"; a client that
 *       breaks the protocol gets 1002 (1009 for a frame too large) and the service 1001.</li>
 * </ul>
 */
final class FrameRelay {

    static final int SERVICE_RESTART = 1012;
    static final int INTERNAL_ERROR = 1011;
    static final int GOING_AWAY = 1001;
    static final int PROTOCOL_ERROR = 1002;
    static final int TOO_BIG = 1009;
    static final String HANDLER = "lalala.frameRelay";

    private static final Logger log = LoggerFactory.getLogger(FrameRelay.class);

    private final String service;
    private final WebSocketRelayMetrics metrics;
    private final WebSocketRelayMetrics.PerService counters;
    private final long maxFramePayloadLength;
    private final Side client;
    private final Side backend;
    private final AtomicBoolean finished = new AtomicBoolean();

    private FrameRelay(Channel clientChannel, Channel backendChannel, String service, WebSocketRelayMetrics metrics,
            long maxFramePayloadLength) {
        this.service = service;
        this.metrics = metrics;
        this.counters = metrics.of(service);
        this.maxFramePayloadLength = maxFramePayloadLength;
        this.client = new Side(clientChannel, false);
        this.backend = new Side(backendChannel, true);
        this.client.peer = backend;
        this.backend.peer = client;
    }

    /**
     * Starts relaying between two upgraded channels. Frames Reactor Netty already read before the relay was in place
     * (a client that talks the moment it has its 101, a service's greeting) are passed on first, in order.
     *
     * @return completes when both channels are closed
     */
    static Mono<Void> start(Channel clientChannel, WebsocketInbound clientInbound, Channel backendChannel,
            WebsocketInbound backendInbound, String service, WebSocketRelayMetrics metrics, long maxFramePayloadLength) {
        FrameRelay relay = new FrameRelay(clientChannel, backendChannel, service, metrics, maxFramePayloadLength);
        metrics.opened(service);
        relay.client.install(clientInbound);
        relay.backend.install(backendInbound);
        return Mono.when(closed(clientChannel), closed(backendChannel))
                .doFinally(signal -> relay.finish());
    }

    private void finish() {
        if (finished.compareAndSet(false, true)) {
            metrics.closed(service);
        }
    }

    static Mono<Void> closed(Channel channel) {
        return Mono.create(sink -> channel.closeFuture().addListener(f -> sink.success()));
    }

    /** A frame a peer must not get; {@code code} is what a client that sent it is told. */
    private static final class BadFrame extends Exception {
        final int code;

        BadFrame(int code, String message) {
            super(message, null, false, false);
            this.code = code;
        }
    }

    /** One channel of the pair; its handler sits on that channel, its writes go to the peer's. */
    private final class Side extends ChannelInboundHandlerAdapter {

        private final Channel channel;
        private final boolean isBackend;
        private Side peer;
        /** A close frame was read from this side (it began or answered the closing handshake). */
        private volatile boolean closeReceived;
        /** A close frame was written to this side (by the relay, forwarded or its own). */
        private final AtomicBoolean closeSent = new AtomicBoolean();
        private boolean flushPeer;
        /** Reactor Netty's frame decoder is gone: what this handler reads now are the socket's bytes. */
        private boolean raw;
        /** This side sent something that is not a frame: nothing more it sends is passed on. */
        private boolean broken;

        // The frame being read, in raw mode.
        private final byte[] header = new byte[14];
        private int headerHave;
        private int headerNeed = 2;
        private long payloadLeft;
        private boolean inPayload;
        /** The frame in progress is a close frame: its bytes are collected here, not passed on. */
        private byte[] close;
        private int closeHave;
        /** Bytes of the frame in progress read in earlier buffers, not written yet (slices, not copies). */
        private final ArrayDeque<ByteBuf> held = new ArrayDeque<>(4);

        Side(Channel channel, boolean isBackend) {
            this.channel = channel;
            this.isBackend = isBackend;
        }

        /** On this channel's event loop: the handler first, then whatever Reactor Netty holds, then reading on. */
        void install(WebsocketInbound inbound) {
            channel.eventLoop().execute(() -> {
                if (channel.pipeline().get(NettyPipeline.ReactiveBridge) != null) {
                    channel.pipeline().addBefore(NettyPipeline.ReactiveBridge, HANDLER, this);
                } else {
                    channel.pipeline().addLast(HANDLER, this);
                }
                if (log.isTraceEnabled()) {
                    log.trace("WebSocket relay: {} side of {}: {}", isBackend ? "service" : "client", service,
                            channel.pipeline().names());
                }
                // Frames read before the handler was there wait in Reactor Netty's receive queue: drain them (they
                // come synchronously, on this loop, before anything the handler reads next).
                inbound.receiveFrames().subscribe(frame -> relayDecoded(frame.retain()), error -> { }, () -> { });
                flushPeerIfNeeded();
                channel.config().setAutoRead(true);
                if (!channel.isActive()) {
                    ended();
                }
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof ByteBuf bytes) {
                readRaw(bytes);
            } else if (msg instanceof WebSocketFrame frame) {
                relayDecoded(frame);
                // The decoder hands a frame on once it is whole, at the start of the next one: from here on the
                // relay reads the bytes itself (the decoder's leftover comes to channelRead right away, in order).
                goRaw(ctx);
            } else {
                ReferenceCountUtil.release(msg);
            }
        }

        private void goRaw(ChannelHandlerContext ctx) {
            if (raw || !channel.isActive()) {
                return;
            }
            raw = true;
            for (var entry : ctx.pipeline().toMap().entrySet()) {
                if (entry.getValue() instanceof WebSocketFrameDecoder || entry.getValue() instanceof Utf8FrameValidator
                        || entry.getValue() instanceof WebSocketFrameAggregator) {
                    ctx.pipeline().remove(entry.getValue());
                }
            }
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            flushPeerIfNeeded();
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (channel.isWritable()) {
                peer.channel.config().setAutoRead(true);
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            releaseHeld();
            ended();
            ctx.fireChannelInactive();
        }

        @Override
        public void handlerRemoved(ChannelHandlerContext ctx) {
            releaseHeld();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("WebSocket relay: {} side of {} failed: {}", isBackend ? "service" : "client", service,
                    cause.toString());
            failed(cause);
        }

        private void failed(Throwable cause) {
            if (isBackend && !closeReceived) {
                if (cause instanceof IOException) {
                    peer.sendClose(SERVICE_RESTART, service + " went away, reconnect", true);
                } else {
                    peer.sendClose(INTERNAL_ERROR, "gateway lost " + service + ", reconnect", true);
                }
            } else if (!isBackend && cause instanceof BadFrame bad) {
                sendClose(bad.code, bad.getMessage(), true);
            }
            channel.close();
        }

        /**
         * Bytes as the socket read them: whole frames go to the peer as slices of {@code in}, the start of a frame
         * that is not whole yet is held, close frames are taken out and handled.
         */
        private void readRaw(ByteBuf in) {
            if (broken) {
                in.release();
                return;
            }
            try {
                int pos = in.readerIndex();
                int end = in.writerIndex();
                int passFrom = pos; // the first byte of in neither written nor held
                int wholeTo = -1; // in in: the end of the last frame that is whole
                while (pos < end) {
                    if (!inPayload) {
                        byte b = in.getByte(pos++);
                        if (close != null) {
                            close[closeHave++] = b;
                        }
                        header[headerHave++] = b;
                        if (headerHave == 1 && (b & 0x0F) == 0x8) {
                            // A close frame starts: what came before it is whole; its own bytes are not passed on.
                            emit(in, passFrom, pos - 1);
                            passFrom = pos;
                            wholeTo = -1;
                            close = new byte[6 + 125];
                            close[closeHave++] = b;
                        }
                        if (headerHave == 2) {
                            headerNeed = headerLength(header[1]);
                        }
                        if (headerHave == headerNeed) {
                            payloadLeft = frameStarts();
                            inPayload = true;
                        }
                    } else {
                        int take = (int) Math.min(payloadLeft, end - pos);
                        if (close != null) {
                            in.getBytes(pos, close, closeHave, take);
                            closeHave += take;
                        }
                        pos += take;
                        payloadLeft -= take;
                    }
                    if (inPayload && payloadLeft == 0) {
                        inPayload = false;
                        headerHave = 0;
                        headerNeed = 2;
                        if (close != null) {
                            byte[] frame = close;
                            int length = closeHave;
                            close = null;
                            closeHave = 0;
                            passFrom = pos;
                            closeRead(frame, length);
                        } else {
                            wholeTo = pos;
                        }
                    }
                }
                if (close != null) {
                    passFrom = end;
                }
                if (wholeTo >= 0) {
                    emit(in, passFrom, wholeTo);
                    passFrom = wholeTo;
                }
                if (passFrom < end) {
                    held.add(in.retainedSlice(passFrom, end - passFrom));
                }
            } catch (BadFrame bad) {
                broken = true;
                releaseHeld();
                failed(bad);
            } finally {
                in.release();
            }
        }

        /** 2, 4 or 10 bytes, plus 4 of mask: the length of a header, from its second byte. */
        private static int headerLength(byte second) {
            int length = second & 0x7F;
            return (length == 126 ? 4 : length == 127 ? 10 : 2) + ((second & 0x80) != 0 ? 4 : 0);
        }

        /** The header of a frame is complete: checks it, counts it, returns its payload length. */
        private long frameStarts() throws BadFrame {
            int first = header[0] & 0xFF;
            int second = header[1] & 0xFF;
            int opcode = first & 0x0F;
            boolean fin = (first & 0x80) != 0;
            if ((first & 0x70) != 0) {
                throw new BadFrame(PROTOCOL_ERROR, "reserved bits set (no extension was negotiated)");
            }
            if (opcode > 0x2 && opcode < 0x8 || opcode > 0xA) {
                throw new BadFrame(PROTOCOL_ERROR, "reserved opcode " + opcode);
            }
            // A client masks every frame, a server none (RFC 6455, 5.1): the peer will get these bytes as they are.
            if (((second & 0x80) != 0) == isBackend) {
                throw new BadFrame(PROTOCOL_ERROR, isBackend ? "masked frame from a server" : "unmasked frame");
            }
            long length = second & 0x7F;
            if (length == 126) {
                length = ((header[2] & 0xFFL) << 8) | (header[3] & 0xFFL);
            } else if (length == 127) {
                length = 0;
                for (int i = 2; i < 10; i++) {
                    length = (length << 8) | (header[i] & 0xFFL);
                }
            }
            if (opcode >= 0x8 && (!fin || length > 125)) {
                throw new BadFrame(PROTOCOL_ERROR, "fragmented or oversized control frame");
            }
            if (length < 0 || length > maxFramePayloadLength) {
                throw new BadFrame(TOO_BIG, "frame too large");
            }
            if (opcode < 0x8) {
                (isBackend ? counters.toClient : counters.toService).increment(length);
            }
            return length;
        }

        /** Writes what was held and in[from, to) to the peer, all of it whole frames. */
        private void emit(ByteBuf in, int from, int to) {
            boolean open = !peer.closeSent.get() && peer.channel.isActive();
            ByteBuf part;
            while ((part = held.poll()) != null) {
                if (open) {
                    peer.channel.write(part, peer.channel.voidPromise());
                } else {
                    part.release();
                }
            }
            if (to > from && open) {
                peer.channel.write(in.retainedSlice(from, to - from), peer.channel.voidPromise());
            }
            if (open) {
                wrote();
            }
        }

        private void releaseHeld() {
            ByteBuf part;
            while ((part = held.poll()) != null) {
                part.release();
            }
        }

        /** A whole close frame read raw: its code, unmasked. */
        private void closeRead(byte[] frame, int length) {
            int headerLength = headerLength(frame[1]);
            int payload = length - headerLength;
            if ((frame[1] & 0x80) != 0) {
                for (int i = 0; i < payload; i++) {
                    frame[headerLength + i] ^= frame[headerLength - 4 + (i & 3)];
                }
            }
            int code = payload >= 2 ? ((frame[headerLength] & 0xFF) << 8) | (frame[headerLength + 1] & 0xFF) : -1;
            String reason = payload > 2
                    ? new String(frame, headerLength + 2, payload - 2, StandardCharsets.UTF_8) : "";
            closeFrom(code, reason);
        }

        /** Frames Reactor Netty's decoder made (before the relay reads raw): passed on as frames. */
        private void relayDecoded(WebSocketFrame frame) {
            if (frame instanceof CloseWebSocketFrame close) {
                int code = close.statusCode();
                String reason = code < 0 ? "" : close.reasonText();
                close.release();
                closeFrom(code, reason);
                return;
            }
            if (frame instanceof PingWebSocketFrame ping) {
                channel.writeAndFlush(new PongWebSocketFrame(ping.content()));
                return;
            }
            if (frame instanceof PongWebSocketFrame || peer.closeSent.get() || !peer.channel.isActive()) {
                frame.release();
                return;
            }
            (isBackend ? counters.toClient : counters.toService).increment(frame.content().readableBytes());
            peer.channel.write(frame, peer.channel.voidPromise());
            wrote();
        }

        /** This side sent a close frame (code -1: none): the peer gets it, with a code it may be sent. */
        private void closeFrom(int code, String reason) {
            closeReceived = true;
            metrics.closedBy(service, isBackend ? "service" : "client", code);
            // No code at all stays no code (1005 is never sent in a frame).
            if (!peer.sendClose(code < 0 ? -1 : WebSocketProxyFilter.forwardable(code), reason, false)
                    && !peer.channel.isActive()) {
                channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        /** Something was written to the peer: flush it with this read batch, and stop reading while it backs up. */
        private void wrote() {
            flushPeer = true;
            if (!peer.channel.isWritable()) {
                channel.config().setAutoRead(false);
                // It may have drained in between: never stay paused with nothing to wake us.
                if (peer.channel.isWritable()) {
                    channel.config().setAutoRead(true);
                }
            }
        }

        private void flushPeerIfNeeded() {
            if (flushPeer) {
                flushPeer = false;
                peer.channel.flush();
            }
        }

        /** This side's connection is gone: end the other one, with a code that says why when nobody sent one. */
        private void ended() {
            if (!peer.channel.isActive()) {
                return;
            }
            if (closeReceived) {
                peer.channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            } else if (isBackend) {
                metrics.closedBy(service, "gateway", SERVICE_RESTART);
                peer.sendClose(SERVICE_RESTART, service + " went away, reconnect", true);
            } else {
                peer.sendClose(GOING_AWAY, "client went away", true);
            }
        }

        /**
         * Writes a close frame to this side, once; {@code code} -1 sends one without a status. With {@code thenClose}
         * the connection is closed once it is written.
         *
         * @return whether a frame was written
         */
        boolean sendClose(int code, String reason, boolean thenClose) {
            if (!channel.isActive()) {
                return false;
            }
            if (!closeSent.compareAndSet(false, true)) {
                if (thenClose) {
                    channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                }
                return false;
            }
            CloseWebSocketFrame close = code < 0 ? new CloseWebSocketFrame() : new CloseWebSocketFrame(code, reason);
            var written = channel.writeAndFlush(close);
            if (thenClose || closeReceived) {
                // Both close frames have crossed this connection (or we are ending it): nothing more will come.
                written.addListener(ChannelFutureListener.CLOSE);
            }
            return true;
        }
    }
}
