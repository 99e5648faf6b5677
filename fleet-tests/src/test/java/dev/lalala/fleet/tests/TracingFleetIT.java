package dev.lalala.fleet.tests;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.fleet.Fleet;
import dev.lalala.fleet.tests.OtlpReceiver.ReceivedSpan;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import java.time.Duration;
import java.util.HexFormat;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * One upload, followed across the fleet by its trace: the fleet exports spans over OTLP (turned on by the one
 * property, see {@link RunningFleet}) to an in-process receiver, and the upload's trace holds the gateway's
 * server span, track-service's server span, the outbox relay's Kafka send, and a Kafka consumer's span in another
 * service, all under one trace id, each child pointing at a span that is in the trace.
 */
@ExtendWith(RunningFleet.class)
class TracingFleetIT {

    @Test
    void anUploadIsOneTraceFromTheGatewayThroughTrackServiceAndKafkaToItsConsumers(Fleet fleet) {
        Gateway gateway = new Gateway(fleet.gatewayUrl());
        Accounts.SignedIn artist = Accounts.signUpVerified(fleet, gateway, "Tracy Traces");
        OtlpReceiver otlp = RunningFleet.otlp();

        // The client starts the trace (W3C traceparent, sampled), so the test knows its id before anything runs.
        byte[] random = new byte[24];
        ThreadLocalRandom.current().nextBytes(random);
        String traceId = HexFormat.of().formatHex(random, 0, 16);
        String clientSpan = HexFormat.of().formatHex(random, 16, 24);
        HttpResponse<String> accepted = upload(gateway, artist.bearer(), "00-" + traceId + "-" + clientSpan + "-01");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        // The gateway tells the caller which trace it was (for bug reports): the one the client started.
        assertThat(accepted.headers().firstValue("X-Trace-Id")).hasValue(traceId);

        // Spans are exported as they end, a child before its parent: wait until the trace is whole.
        Awaitility.await("the upload's spans from gateway, track-service and a Kafka consumer, as one tree")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    List<ReceivedSpan> trace = otlp.trace(traceId);
                    String all = OtlpReceiver.describe(trace);
                    assertThat(trace).as(all)
                            .anySatisfy(s -> {
                                assertThat(s.service()).isEqualTo("gateway");
                                assertThat(s.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
                                assertThat(s.parentSpanId()).isEqualTo(clientSpan);
                            })
                            .anySatisfy(s -> {
                                assertThat(s.service()).isEqualTo("gateway");
                                assertThat(s.kind()).isEqualTo(SpanKind.SPAN_KIND_CLIENT);
                            })
                            .anySatisfy(s -> {
                                assertThat(s.service()).isEqualTo("track-service");
                                assertThat(s.kind()).isEqualTo(SpanKind.SPAN_KIND_SERVER);
                                assertThat(s.name()).contains("/api/tracks");
                            })
                            .anySatisfy(s -> {
                                // The outbox relay's send, from the traceparent stored with the outbox row.
                                assertThat(s.service()).isEqualTo("track-service");
                                assertThat(s.kind()).isEqualTo(SpanKind.SPAN_KIND_PRODUCER);
                                assertThat(s.name()).contains("track.events");
                            })
                            .anySatisfy(s -> {
                                // A declared subscription's listener in another service, reading the event.
                                assertThat(s.service()).isNotEqualTo("track-service");
                                assertThat(s.kind()).isEqualTo(SpanKind.SPAN_KIND_CONSUMER);
                                assertThat(s.name()).contains("track.events");
                            });
                    // One tree: every span's parent is in the trace (no broken hop), but the gateway's first, whose
                    // parent is the client's span, never exported, as a browser's would not be.
                    Set<String> ids = new HashSet<>();
                    trace.forEach(s -> ids.add(s.spanId()));
                    ids.add(clientSpan);
                    assertThat(trace).as(all).allSatisfy(s -> assertThat(ids).contains(s.parentSpanId()));
                });

        List<ReceivedSpan> trace = otlp.trace(traceId);
        System.out.printf("TracingFleetIT: trace %s has %d spans:%n%s%n", traceId, trace.size(),
                OtlpReceiver.describe(trace));
    }

    private static HttpResponse<String> upload(Gateway gateway, String bearer, String traceparent) {
        String boundary = "trace-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"genre\"\r\n\r\nelectronic\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"traced.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(Tracks.wav(6));
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.base() + "/api/tracks"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", bearer)
                .header("traceparent", traceparent)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build());
    }
}
