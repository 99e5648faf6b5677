package dev.lalala.gateway.websocket;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.NettyPipeline;
import reactor.netty.http.websocket.WebsocketInbound;

/**
 * The bytes of a proxied WebSocket, once both handshakes are done: one Netty handler on each of the two channels (the
 * client's and the service's), placed before Reactor Netty's reactive bridge, hands every frame it reads to the other
 * channel as it is. The frame's buffer is a slice of what the socket read (never copied to the heap, never turned
 * into a Spring message or a Reactor signal); Netty's encoder on the other side writes the header and that same
 * buffer. Writes are flushed once per read batch, and a side that cannot write fast enough stops the other side's
 * reads until it can (no unbounded queue in the gateway).
 *
 * <p>Endings (the codes a client acts on are in docs/streaming-close-codes.md):
 * <ul>
 *   <li>a close frame from either side goes to the other with its code and reason (codes an endpoint may not send
 *       become 1002), and whoever closes the TCP connection last also closes the other one;</li>
 *   <li>the service's connection ends without a close frame (the service was killed or restarted): the client gets
 *       <b>1012</b> "&lt;service&gt; went away, reconnect";</li>
 *   <li>the service's side fails otherwise (a frame the gateway cannot pass, an internal error): the client gets
 *       <b>1011</b> with a reason naming the service;</li>
 *   <li>the client's connection ends without a close frame: the service gets 1001 "client went away".</li>
 * </ul>
 */
final class FrameRelay {

    static final int SERVICE_RESTART = 1012;
    static final int INTERNAL_ERROR = 1011;
    static final int GOING_AWAY = 1001;
    static final String HANDLER = "lalala.frameRelay";

    private static final Logger log = LoggerFactory.getLogger(FrameRelay.class);

    private final String service;
    private final WebSocketRelayMetrics metrics;
    private final Side client;
    private final Side backend;
    private final AtomicBoolean finished = new AtomicBoolean();

    private FrameRelay(Channel clientChannel, Channel backendChannel, String service, WebSocketRelayMetrics metrics) {
        this.service = service;
        this.metrics = metrics;
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
            WebsocketInbound backendInbound, String service, WebSocketRelayMetrics metrics) {
        FrameRelay relay = new FrameRelay(clientChannel, backendChannel, service, metrics);
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
                // Frames read before the handler was there wait in Reactor Netty's receive queue: drain them (they
                // come synchronously, on this loop, before anything the handler reads next).
                inbound.receiveFrames().subscribe(frame -> relay(frame.retain()), error -> { }, () -> { });
                flushPeerIfNeeded();
                channel.config().setAutoRead(true);
                if (!channel.isActive()) {
                    ended();
                }
            });
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof WebSocketFrame frame) {
                relay(frame);
            } else {
                ReferenceCountUtil.release(msg);
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
            ended();
            ctx.fireChannelInactive();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("WebSocket relay: {} side of {} failed: {}", isBackend ? "service" : "client", service,
                    cause.toString());
            if (isBackend && !closeReceived) {
                if (cause instanceof IOException) {
                    peer.sendClose(SERVICE_RESTART, service + " went away, reconnect", true);
                } else {
                    peer.sendClose(INTERNAL_ERROR, "gateway lost " + service + ", reconnect", true);
                }
            }
            channel.close();
        }

        private void relay(WebSocketFrame frame) {
            if (frame instanceof CloseWebSocketFrame close) {
                int code = close.statusCode();
                String reason = code < 0 ? "" : close.reasonText();
                close.release();
                closeReceived = true;
                metrics.closedBy(service, isBackend ? "service" : "client", code);
                // No code at all stays no code (1005 is never sent in a frame).
                if (!peer.sendClose(code < 0 ? -1 : WebSocketProxyFilter.forwardable(code), reason, false)
                        && !peer.channel.isActive()) {
                    channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
                }
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
            metrics.relayed(service, isBackend, frame.content().readableBytes());
            peer.channel.write(frame, peer.channel.voidPromise());
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
