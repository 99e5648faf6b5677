package dev.lalala.gateway.websocket;

import io.netty.channel.ChannelOption;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The gateway's listening socket, sized for thousands of long-lived sockets arriving in bursts (every listener of a
 * stream reconnecting at once after a restart): an accept queue of {@code lalala.gateway.accept-backlog} (4096;
 * the kernel caps it at {@code net.core.somaxconn}). The transport is Netty's native epoll (netty-transport-native-epoll
 * on the classpath; Reactor Netty prefers it), for the server and the client towards the services alike.
 */
@Configuration(proxyBeanMethods = false)
class EdgeServerTuning {

    @Bean
    NettyServerCustomizer acceptBacklog(@Value("${lalala.gateway.accept-backlog:4096}") int backlog) {
        return server -> server.option(ChannelOption.SO_BACKLOG, backlog);
    }
}
