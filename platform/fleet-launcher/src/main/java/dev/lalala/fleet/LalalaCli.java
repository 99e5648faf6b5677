package dev.lalala.fleet;

import dev.lalala.infra.ComponentStatus;
import dev.lalala.infra.LocalInfraCli;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** What {@code ./lalala up|down|status|infra} runs. */
public final class LalalaCli {

    private LalalaCli() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "help" : args[0];
        String[] rest = Arrays.copyOfRange(args, Math.min(1, args.length), args.length);
        try {
            switch (command) {
                case "up" -> up(rest);
                case "down" -> down();
                case "status" -> status();
                case "infra" -> LocalInfraCli.main(rest);
                default -> {
                    System.err.println("usage: lalala up [--blob filesystem|s3] [--chat-instances N] [--gateway-instances N] | down | status"
                            + " | infra up|down|status|env");
                    System.exit(2);
                }
            }
        } catch (FleetException e) {
            System.err.println("lalala: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void up(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--blob") && i + 1 < args.length) {
                // Read by FleetSettings.blobStorage(), as -Dlalala.blob.store would be.
                System.setProperty(BlobStorage.PROPERTY, BlobStorage.parse(args[++i]).name().toLowerCase(Locale.ROOT));
            } else if (args[i].startsWith("--blob=")) {
                System.setProperty(BlobStorage.PROPERTY,
                        BlobStorage.parse(args[i].substring("--blob=".length())).name().toLowerCase(Locale.ROOT));
            } else if (args[i].equals("--chat-instances") && i + 1 < args.length) {
                System.setProperty(FleetSettings.CHAT_INSTANCES_PROPERTY, Integer.toString(Integer.parseInt(args[++i])));
            } else if (args[i].startsWith("--chat-instances=")) {
                System.setProperty(FleetSettings.CHAT_INSTANCES_PROPERTY,
                        Integer.toString(Integer.parseInt(args[i].substring("--chat-instances=".length()))));
            } else if (args[i].equals("--gateway-instances") && i + 1 < args.length) {
                System.setProperty(FleetSettings.GATEWAY_INSTANCES_PROPERTY, args[++i]);
            } else if (args[i].startsWith("--gateway-instances=")) {
                System.setProperty(FleetSettings.GATEWAY_INSTANCES_PROPERTY,
                        args[i].substring("--gateway-instances=".length()));
            } else {
                throw new FleetException("unknown option '" + args[i]
                        + "' (usage: lalala up [--blob filesystem|s3] [--chat-instances N] [--gateway-instances N])");
            }
        }
        long start = System.nanoTime();
        Fleet fleet = Fleet.create(FleetSettings.local());
        fleet.settings().gatewayInstances(); // a wrong --gateway-instances fails before anything starts
        BlobStorage blobs = fleet.settings().blobStorage();
        System.out.println("lalala: starting infrastructure (Kafka, MariaDB, Neo4j, Elasticsearch, SMTP"
                + (blobs == BlobStorage.S3 ? ", S3Mock" : "") + ")...");
        fleet.infrastructure().ensureStarted(Fleet.infrastructure(blobs));
        System.out.println("lalala: starting the services and waiting until they are ready...");
        fleet.up();
        if (fleet.settings().chatInstances() > 1) {
            System.out.println("lalala: " + fleet.settings().chatInstances() + " chat-service instances behind the gateway");
        }
        if (fleet.settings().gatewayInstances() > 1) {
            System.out.println("lalala: " + fleet.settings().gatewayInstances() + " gateway processes on port "
                    + fleet.port(FleetService.GATEWAY) + " (SO_REUSEPORT)");
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.printf(Locale.ROOT, """

                LALALA is up (%d s).
                  Open:      %s
                  API docs:  %s/swagger-ui.html
                  Health:    %s/actuator/health/fleet
                  Mail:      %s/messages   (what the SMTP server received)
                  Blobs:     %s
                  Logs:      %s   (./lalala logs <service>)
                  Status:    ./lalala status      Stop: ./lalala down
                """, took.toSeconds(), fleet.gatewayUrl(), fleet.gatewayUrl(), fleet.gatewayUrl(),
                fleet.infrastructure().mailApiUrl(),
                blobs == BlobStorage.S3 ? "S3, bucket lalala at " + fleet.infrastructure().s3Endpoint()
                        : fleet.settings().blobRoot().toString(),
                fleet.settings().logDir());
    }

    private static void down() {
        Fleet fleet = Fleet.create(FleetSettings.local());
        System.out.println("lalala: stopping (the first stop after a build also saves each service's startup cache)...");
        fleet.down();
        System.out.println("lalala: every service and infrastructure process is stopped.");
    }

    private static void status() {
        Fleet fleet = Fleet.create(FleetSettings.local());
        System.out.printf(Locale.ROOT, "%-20s %-9s %8s %6s %10s%n", "PROCESS", "STATE", "PID", "PORT", "MEMORY");
        long total = 0;
        for (ComponentStatus c : fleet.infrastructure().status()) {
            total += c.rssKib();
            String state = c.healthy() ? "UP" : c.running() ? "STARTING" : "DOWN";
            System.out.printf(Locale.ROOT, "%-20s %-9s %8s %6d %10s%n", c.component().name().toLowerCase(Locale.ROOT),
                    state, c.pid() == 0 ? "-" : Long.toString(c.pid()), c.port(),
                    c.rssKib() == 0 ? "-" : (c.rssKib() / 1024) + " MB");
        }
        List<ServiceStatus> services = fleet.status();
        for (ServiceStatus s : services) {
            total += s.rssKib();
            System.out.printf(Locale.ROOT, "%-20s %-9s %8s %6d %10s%s%n", s.service().id(), s.state(),
                    s.pid() == 0 ? "-" : Long.toString(s.pid()), s.port(),
                    s.rssKib() == 0 ? "-" : (s.rssKib() / 1024) + " MB",
                    s.missing().isEmpty() ? "" : "  missing: " + String.join(", ", s.missing()));
        }
        for (int n = 2; n <= 16; n++) {
            int instance = n;
            java.util.Optional<Long> pid = fleet.runningReplicaPid(instance);
            if (pid.isPresent()) {
                long rss = dev.lalala.infra.Processes.rssKib(pid.get());
                total += rss;
                System.out.printf(Locale.ROOT, "%-20s %-9s %8d %6d %10s%n", "chat-service-" + instance, "UP",
                        pid.get(), fleet.replicaPort(instance), (rss / 1024) + " MB");
            }
        }
        java.util.Map<Integer, Long> gatewayPids = new java.util.TreeMap<>();
        for (int n = 2; n <= FleetSettings.MAX_GATEWAY_INSTANCES; n++) {
            int instance = n;
            fleet.runningGatewayPid(instance).ifPresent(pid -> gatewayPids.put(instance, pid));
        }
        // They share the gateway's port, so a probe reaches whichever the kernel picks: a few new connections tell
        // which of them answered ready; one not heard from is shown as RUNNING.
        java.util.Set<String> heard = new java.util.HashSet<>();
        for (int i = 0; i < 8 * (gatewayPids.size() + 1) && !gatewayPids.isEmpty(); i++) {
            Fleet.servingGateway(fleet.port(FleetService.GATEWAY)).ifPresent(heard::add);
        }
        for (java.util.Map.Entry<Integer, Long> gateway : gatewayPids.entrySet()) {
            long rss = dev.lalala.infra.Processes.rssKib(gateway.getValue());
            total += rss;
            String name = Fleet.gatewayId(gateway.getKey());
            System.out.printf(Locale.ROOT, "%-20s %-9s %8d %6d %10s%n", name, heard.contains(name) ? "UP" : "RUNNING",
                    gateway.getValue(), fleet.port(FleetService.GATEWAY), (rss / 1024) + " MB");
        }
        List<String> degraded = services.stream().filter(s -> s.state() != ServiceStatus.State.UP)
                .map(s -> s.service().id() + (s.missing().isEmpty() ? " (" + s.state().name().toLowerCase(Locale.ROOT)
                        + ")" : " (needs " + String.join(", ", s.missing()) + ")")).toList();
        System.out.println();
        System.out.println(degraded.isEmpty() ? "Fleet: UP" : "Fleet: DEGRADED: " + String.join("; ", degraded));
        System.out.printf(Locale.ROOT, "%nTotal resident memory: %d MB%n", total / 1024);
    }
}
