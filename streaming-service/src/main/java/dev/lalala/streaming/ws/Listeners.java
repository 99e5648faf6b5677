package dev.lalala.streaming.ws;

import dev.lalala.streaming.StreamingProperties;
import dev.lalala.streaming.audio.Manifests;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The open streaming sockets: the per-user connection limit, and the metrics (listeners connected, segments and
 * bytes sent, time to first segment, dropped clients, bytes buffered for clients).
 */
@Component
public class Listeners {

    private final int maxPerUser;
    private final Map<UUID, Integer> perUser = new ConcurrentHashMap<>();
    private final Set<StreamSession> sessions = ConcurrentHashMap.newKeySet();
    private final MeterRegistry registry;
    final Counter segmentsSent;
    final Counter bytesSent;
    final Timer timeToFirstSegment;

    public Listeners(StreamingProperties properties, MeterRegistry registry, Manifests manifests) {
        this.maxPerUser = properties.getWs().getMaxConnectionsPerUser();
        this.registry = registry;
        // A track made private, or deleted, stops for the sockets playing it now, not only for the next play.
        manifests.onEvicted(this::trackChanged);
        Gauge.builder("lalala.stream.listeners", sessions, Set::size).description("Streaming sockets open")
                .register(registry);
        Gauge.builder("lalala.stream.buffered.bytes", this, Listeners::bufferedBytes)
                .description("Bytes held for clients: segment frames not yet written, text frames not yet taken").baseUnit("bytes")
                .register(registry);
        segmentsSent = Counter.builder("lalala.stream.segments.sent").description("Segment frames sent")
                .register(registry);
        bytesSent = Counter.builder("lalala.stream.bytes.sent").description("Bytes of segment frames sent")
                .baseUnit("bytes").register(registry);
        timeToFirstSegment = Timer.builder("lalala.stream.first.segment")
                .description("From a play command to its first segment frame handed to the socket")
                // Buckets, so that Prometheus can compute p50/p99 over every instance (histogram_quantile).
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(1))
                .maximumExpectedValue(Duration.ofSeconds(10))
                .register(registry);
    }

    /** Whether the user may open one more socket; if so it is counted until {@link #close}. */
    boolean open(StreamSession session) {
        UUID user = session.userId();
        boolean[] allowed = {false};
        perUser.compute(user, (id, count) -> {
            int current = count == null ? 0 : count;
            if (current >= maxPerUser) {
                return count;
            }
            allowed[0] = true;
            return current + 1;
        });
        if (allowed[0]) {
            sessions.add(session);
        }
        return allowed[0];
    }

    void close(StreamSession session) {
        if (sessions.remove(session)) {
            perUser.computeIfPresent(session.userId(), (id, count) -> count <= 1 ? null : count - 1);
        }
    }

    void trackChanged(UUID trackId) {
        for (StreamSession session : sessions) {
            session.trackChanged(trackId);
        }
    }

    void dropped(String reason) {
        Counter.builder("lalala.stream.clients.dropped").description("Clients dropped by the server")
                .tag("reason", reason).register(registry).increment();
    }

    public int connected() {
        return sessions.size();
    }

    /** What each open socket looks like now, for tests and operators. */
    public List<StreamSessionStats> stats() {
        return sessions.stream().map(StreamSession::stats).toList();
    }

    public long bufferedBytes() {
        long total = 0;
        for (StreamSession session : sessions) {
            total += session.stats().bufferedBytes();
        }
        return total;
    }

    public int maxPerUser() {
        return maxPerUser;
    }
}
