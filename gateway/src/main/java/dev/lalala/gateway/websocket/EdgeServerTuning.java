package dev.lalala.gateway.websocket;

import io.netty.channel.ChannelOption;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

/**
 * The gateway's sockets, sized for thousands of long-lived WebSockets arriving in bursts (every listener of a stream
 * reconnecting at once after a restart): an accept queue of {@code lalala.gateway.accept-backlog} (4096; the kernel
 * caps it at {@code net.core.somaxconn}). The transport is Netty's native epoll (netty-transport-native-epoll comes
 * with reactor-netty-http; Reactor Netty prefers it), for the server and the client towards the services alike.
 */
@Configuration(proxyBeanMethods = false)
class EdgeServerTuning {

    private static final Logger log = LoggerFactory.getLogger(EdgeServerTuning.class);

    @Bean
    NettyServerCustomizer acceptBacklog(@Value("${lalala.gateway.accept-backlog:4096}") int backlog) {
        return server -> server.option(ChannelOption.SO_BACKLOG, backlog);
    }

    /**
     * {@code lalala.gateway.reuse-port} (off by default): SO_REUSEPORT on the listening socket, so several gateway
     * processes can listen on one port and Linux spreads new connections over them ({@code ./lalala up
     * --gateway-instances N}). One process proxies at most about half its open-files limit in WebSockets: each takes
     * two descriptors, the client's and the one towards the service. Only the native epoll transport has the option;
     * on NIO it would be dropped with a warning and the second process fail to bind, so the start fails here instead.
     */
    @Bean
    NettyServerCustomizer reusePort(@Value("${lalala.gateway.reuse-port:false}") boolean reusePort) {
        if (!reusePort) {
            return server -> server;
        }
        if (!LoopResources.DEFAULT_NATIVE || !Epoll.isAvailable()) {
            throw new IllegalStateException("lalala.gateway.reuse-port=true needs Netty's native epoll transport (Linux),"
                    + " which is " + (LoopResources.DEFAULT_NATIVE ? "not available: " + Epoll.unavailabilityCause()
                    : "switched off (reactor.netty.native=false)"));
        }
        return server -> server.option(EpollChannelOption.SO_REUSEPORT, true)
                .doOnBound(bound -> log.info("Listening on {} with SO_REUSEPORT={}: other gateway processes may share"
                        + " the port", bound.address(), bound.channel().config().getOption(EpollChannelOption.SO_REUSEPORT)));
    }

    /**
     * The client towards the services is made ready (event loops, native transport, DNS resolver, the HTTP codec's
     * classes) before the application reports ready: application runners run before readiness turns UP, so the
     * first listeners after a start do not pay for it.
     */
    @Bean
    ApplicationRunner warmUpServiceClient(HttpClient gatewayHttpClient) {
        return args -> gatewayHttpClient.warmup().block(Duration.ofSeconds(10));
    }
}
