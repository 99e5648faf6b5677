package dev.lalala.gateway.edge;

import dev.lalala.defaults.problem.ProblemTypes;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.stereotype.Component;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServer;

/**
 * Requests Reactor Netty cannot decode (a request line over {@code server.netty.max-initial-line-length}, headers
 * over {@code server.max-http-request-header-size}, or no HTTP at all) are answered by Netty itself with 414, 431 or
 * 400 before Spring sees them, with an empty body. A handler between the HTTP codec and Reactor Netty's traffic
 * handler notices the failed decoding on the way in and gives that answer a problem+json body on the way out.
 */
@Component
public class MalformedRequestProblems implements NettyServerCustomizer {

    static final String HANDLER = "lalala.malformedRequestProblems";

    @Override
    public HttpServer apply(HttpServer server) {
        return server.doOnChannelInit((observer, channel, remote) -> {
            if (channel.pipeline().get(NettyPipeline.HttpCodec) != null && channel.pipeline().get(HANDLER) == null) {
                channel.pipeline().addAfter(NettyPipeline.HttpCodec, HANDLER, new Handler());
            }
        });
    }

    /** One per connection: remembers that the request in flight could not be decoded. */
    static final class Handler extends ChannelDuplexHandler {

        private boolean decodingFailed;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof HttpRequest request && request.decoderResult().isFailure()) {
                decodingFailed = true;
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
            if (decodingFailed && msg instanceof FullHttpResponse response && response.content().readableBytes() == 0) {
                decodingFailed = false;
                FullHttpResponse problem = problem(response);
                ReferenceCountUtil.release(response);
                super.write(ctx, problem, promise);
                return;
            }
            super.write(ctx, msg, promise);
        }
    }

    static FullHttpResponse problem(FullHttpResponse original) {
        HttpResponseStatus status = original.status();
        String slug;
        String title;
        String detail;
        if (status.code() == 414) {
            slug = "uri-too-long";
            title = "URI too long";
            detail = "The request line is longer than this server accepts.";
        } else if (status.code() == 431) {
            slug = "request-header-fields-too-large";
            title = "Request header fields too large";
            detail = "The request's headers are larger than this server accepts.";
        } else {
            slug = "bad-request";
            title = "Bad request";
            detail = "The request is not valid HTTP.";
        }
        String json = "{\"type\":\"" + ProblemTypes.of(slug) + "\",\"title\":\"" + title + "\",\"status\":"
                + status.code() + ",\"detail\":\"" + detail + "\"}";
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        FullHttpResponse problem = new DefaultFullHttpResponse(original.protocolVersion(), status,
                Unpooled.wrappedBuffer(body));
        problem.headers().set(original.headers());
        problem.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/problem+json");
        problem.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
        problem.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return problem;
    }
}
