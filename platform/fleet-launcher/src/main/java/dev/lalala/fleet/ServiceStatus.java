package dev.lalala.fleet;

import java.util.List;

/**
 * One service as {@code ./lalala status} shows it; {@code missing} names the readiness components that are not UP
 * (its database, the broker) when the service answers but is not ready.
 */
public record ServiceStatus(FleetService service, State state, long pid, int port, long rssKib, List<String> missing) {

    public ServiceStatus(FleetService service, State state, long pid, int port, long rssKib) {
        this(service, state, pid, port, rssKib, List.of());
    }

    public enum State {
        /** Running and ready to serve. */
        UP,
        /** Running, not answering its readiness probe yet. */
        STARTING,
        /** Running and answering, but not ready: something it needs (see {@code missing}) is away. */
        DEGRADED,
        DOWN
    }
}
