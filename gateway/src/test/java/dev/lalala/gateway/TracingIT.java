package dev.lalala.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.gateway.support.StubService;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The trace a request belongs to goes on to the service (W3C traceparent) and back to the client (X-Trace-Id). */
class TracingIT extends LiveFleetTestBase {

    private static final String TRACEPARENT = "00-([0-9a-f]{32})-([0-9a-f]{16})-0[01]";

    @Test
    void theServiceSeesTheTraceTheClientIsTold() {
        String path = "/api/feed/" + UUID.randomUUID();
        String traceId = http().get().uri(path).exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst("X-Trace-Id");
        assertThat(traceId).matches("[0-9a-f]{32}");

        StubService.Seen seen = FLEET.service("feed").seenPath(path).get(0);
        assertThat(seen.header("traceparent")).matches(TRACEPARENT);
        assertThat(seen.header("traceparent").split("-")[1]).isEqualTo(traceId);
    }

    @Test
    void aTraceStartedByTheClientContinues() {
        String clientTrace = UUID.randomUUID().toString().replace("-", "");
        String path = "/api/search/" + UUID.randomUUID();
        String traceId = http().get().uri(path)
                .header("traceparent", "00-" + clientTrace + "-00f067aa0ba902b7-01")
                .exchange()
                .expectStatus().isOk()
                .returnResult(String.class).getResponseHeaders().getFirst("X-Trace-Id");
        assertThat(traceId).isEqualTo(clientTrace);
        String forwarded = FLEET.service("search").seenPath(path).get(0).header("traceparent");
        assertThat(forwarded.split("-")[1]).isEqualTo(clientTrace);
        assertThat(forwarded.split("-")[2]).as("the gateway's own span is the parent").isNotEqualTo("00f067aa0ba902b7");
    }
}
