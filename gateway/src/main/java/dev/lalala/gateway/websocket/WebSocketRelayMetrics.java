package dev.lalala.gateway.websocket;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.stereotype.Component;

/**
 * What the WebSocket relay counts, per service: sockets open now ({@code lalala.gateway.websocket.open}), bytes of
 * frame payload passed each way ({@code lalala.gateway.websocket.bytes}, {@code direction=to-client|to-service}), and
 * how sockets ended ({@code lalala.gateway.websocket.closes}, {@code by=client|service|gateway}, {@code code}). The
 * per-frame counters are looked up once per service, never per frame.
 */
@Component
public class WebSocketRelayMetrics {

    private final MeterRegistry registry;
    private final Map<String, PerService> services = new ConcurrentHashMap<>();

    public WebSocketRelayMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void opened(String service) {
        of(service).open.incrementAndGet();
    }

    void closed(String service) {
        of(service).open.decrementAndGet();
    }

    void closedBy(String service, String by, int code) {
        Counter.builder("lalala.gateway.websocket.closes").tag("service", service).tag("by", by)
                .tag("code", code < 0 ? "none" : Integer.toString(code))
                .description("WebSocket endings seen by the gateway's relay").register(registry).increment();
    }

    /** Sockets open now through the gateway to {@code service}. */
    public int open(String service) {
        PerService s = services.get(service);
        return s == null ? 0 : s.open.get();
    }

    /** The per-frame counters of {@code service}: the relay looks them up once per socket. */
    PerService of(String service) {
        return services.computeIfAbsent(service, PerService::new);
    }

    final class PerService {
        final AtomicInteger open = new AtomicInteger();
        final Counter toClient;
        final Counter toService;

        PerService(String service) {
            Gauge.builder("lalala.gateway.websocket.open", open, AtomicInteger::get).tag("service", service)
                    .description("WebSocket sockets relayed by the gateway right now").register(registry);
            toClient = bytes(service, "to-client");
            toService = bytes(service, "to-service");
        }

        private Counter bytes(String service, String direction) {
            return Counter.builder("lalala.gateway.websocket.bytes").baseUnit("bytes").tag("service", service)
                    .tag("direction", direction).description("Frame payload relayed by the gateway")
                    .register(registry);
        }
    }
}
