package dev.lalala.fleet;

import dev.lalala.infra.Component;
import java.util.List;

/** The nine services of the fleet: module, default port, own database, and the infrastructure each talks to. */
public enum FleetService {
    AUTH("auth-service", 8081, "auth", List.of(Component.MARIADB, Component.KAFKA, Component.MAIL)),
    USER("user-service", 8082, "users", List.of(Component.MARIADB, Component.KAFKA, Component.MAIL)),
    FEED("feed-service", 8083, null, List.of(Component.NEO4J, Component.KAFKA)),
    TRACK("track-service", 8084, "tracks", List.of(Component.MARIADB, Component.KAFKA)),
    STREAMING("streaming-service", 8085, null, List.of(Component.KAFKA)),
    CHAT("chat-service", 8086, "chat", List.of(Component.MARIADB, Component.KAFKA)),
    SEARCH("search-service", 8087, null, List.of(Component.ELASTICSEARCH, Component.KAFKA)),
    PLAYLIST("playlist-service", 8088, "playlists", List.of(Component.MARIADB, Component.KAFKA)),
    GATEWAY("gateway", 8080, null, List.of());

    private final String id;
    private final int defaultPort;
    private final String database;
    private final List<Component> infrastructure;

    FleetService(String id, int defaultPort, String database, List<Component> infrastructure) {
        this.id = id;
        this.defaultPort = defaultPort;
        this.database = database;
        this.infrastructure = infrastructure;
    }

    /** The module folder, jar name, log name and Spring application name. */
    public String id() {
        return id;
    }

    /** Its key in the gateway's {@code lalala.services.<key>} configuration: the id without "-service". */
    public String gatewayKey() {
        return id.replace("-service", "");
    }

    public int defaultPort() {
        return defaultPort;
    }

    /** Its MariaDB database, or null. */
    public String database() {
        return database;
    }

    public List<Component> infrastructure() {
        return infrastructure;
    }

    public static FleetService byId(String id) {
        for (FleetService s : values()) {
            if (s.id.equals(id) || s.name().equalsIgnoreCase(id)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no service '" + id + "'");
    }
}
