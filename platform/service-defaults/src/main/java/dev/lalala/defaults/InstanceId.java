package dev.lalala.defaults;

import java.util.UUID;
import org.springframework.core.env.Environment;

/**
 * This process's identity among the instances of its service, stable across its restarts: the Kafka static member
 * id of its subscriptions and the holder written on the leases of its background jobs, so a restarted instance
 * takes back at once what it held before it died. {@code lalala.instance-id} (environment {@code LALALA_INSTANCE_ID};
 * the fleet launcher sets it), else {@code lalala.kafka.instance-id}, else {@code <service>-<server.port>} (distinct
 * between instances on one host). A random port (0) has no stable identity, so then a random id is taken. Two live
 * instances must never share one.
 */
public final class InstanceId {

    private InstanceId() {
    }

    public static String of(Environment environment) {
        String service = environment.getProperty("spring.application.name", "application");
        for (String key : new String[] {"lalala.instance-id", "lalala.kafka.instance-id"}) {
            String configured = environment.getProperty(key);
            if (configured != null && !configured.isBlank()) {
                return configured.strip();
            }
        }
        String port = environment.getProperty("server.port", "8080");
        if (port.isBlank() || "0".equals(port.trim()) || port.trim().startsWith("-")) {
            return service + "-" + UUID.randomUUID().toString().substring(0, 8);
        }
        return service + "-" + port.trim();
    }
}
