package dev.lalala.gateway.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.epoll.EpollChannelOption;
import org.junit.jupiter.api.Test;
import reactor.netty.http.server.HttpServer;

/** SO_REUSEPORT only when asked for: the default gateway keeps a listening socket no other process can share. */
class EdgeServerTuningTest {

    private final EdgeServerTuning tuning = new EdgeServerTuning();

    @Test
    void reusePortIsOffByDefaultAndOnWhenAskedFor() {
        HttpServer off = tuning.reusePort(false).apply(HttpServer.create());
        assertThat(off.configuration().options()).doesNotContainKey(EpollChannelOption.SO_REUSEPORT);

        HttpServer on = tuning.reusePort(true).apply(HttpServer.create());
        assertThat(on.configuration().options().get(EpollChannelOption.SO_REUSEPORT)).isEqualTo(Boolean.TRUE);
    }
}
