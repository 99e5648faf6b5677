package dev.lalala.gateway.websocket;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.client.HttpClient;

/**
 * The gateway's sockets, sized for thousands of long-lived WebSockets arriving in bursts (every listener of a stream
 * reconnecting at once after a restart): an accept queue of {@code lalala.gateway.accept-backlog} (4096; the kernel
 * caps it at {@code net.core.somaxconn}). The transport is Netty's native epoll (netty-transport-native-epoll comes
 * with reactor-netty-http; Reactor Netty prefers it), for the server and the client towards the services alike.
 */
@Configuration(proxyBeanMethods = false)
class EdgeServerTuning {

    @Bean
    NettyServerCustomizer acceptBacklog(@Value("${lalala.gateway.accept-backlog:4096}") int backlog) {
        return server -> server.option(ChannelOption.SO_BACKLOG, backlog);
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
