package dev.lalala.fleet;

/** One service as {@code ./lalala status} shows it. */
public record ServiceStatus(FleetService service, State state, long pid, int port, long rssKib) {

    public enum State {
        /** Running and ready to serve. */
        UP,
        /** Running, not ready (yet). */
        STARTING,
        DOWN
    }
}
