package dev.lalala.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;
import reactor.netty.http.client.PrematureCloseException;

class DownstreamFailuresTest {

    @Test
    void connectionFailuresMeanTheServiceIsUnavailable() {
        assertThat(DownstreamFailures.classify(new ConnectException("Connection refused")))
                .isEqualTo(DownstreamFailures.Kind.UNAVAILABLE);
        assertThat(DownstreamFailures.classify(new ConnectTimeoutException("connection timed out")))
                .isEqualTo(DownstreamFailures.Kind.UNAVAILABLE);
        assertThat(DownstreamFailures.classify(new IllegalStateException(new UnknownHostException("track-service"))))
                .isEqualTo(DownstreamFailures.Kind.UNAVAILABLE);
        assertThat(DownstreamFailures.classify(PrematureCloseException.TEST_EXCEPTION))
                .isEqualTo(DownstreamFailures.Kind.UNAVAILABLE);
    }

    @Test
    void timeoutsAreTimeouts() {
        assertThat(DownstreamFailures.classify(new ResponseStatusException(HttpStatus.GATEWAY_TIMEOUT, "slow",
                new TimeoutException()))).isEqualTo(DownstreamFailures.Kind.TIMEOUT);
        assertThat(DownstreamFailures.classify(new TimeoutException())).isEqualTo(DownstreamFailures.Kind.TIMEOUT);
    }

    @Test
    void anythingElseIsNotTheServicesFault() {
        assertThat(DownstreamFailures.classify(new IllegalStateException("bug"))).isNull();
        assertThat(DownstreamFailures.classify(new ResponseStatusException(HttpStatus.NOT_FOUND))).isNull();
    }

    @Test
    void problemsNameTheServiceAndTheTimeout() {
        assertThat(DownstreamFailures.unavailable("track-service").toProblemDetail().getDetail())
                .isEqualTo("track-service is not available right now");
        assertThat(DownstreamFailures.timeout("track-service", Duration.ofMinutes(10)).getMessage())
                .isEqualTo("track-service did not answer within 10 min");
        assertThat(DownstreamFailures.timeout("search-service", Duration.ofSeconds(10)).getMessage())
                .isEqualTo("search-service did not answer within 10 s");
        assertThat(DownstreamFailures.timeout("search-service", Duration.ofMillis(800)).getMessage())
                .isEqualTo("search-service did not answer within 800 ms");
        assertThat(DownstreamFailures.timeout("x", Duration.ofSeconds(1)).status().value()).isEqualTo(504);
        assertThat(DownstreamFailures.timeout("x", Duration.ofSeconds(1)).type().toString())
                .isEqualTo("https://lalala.dev/problems/gateway-timeout");
    }
}
