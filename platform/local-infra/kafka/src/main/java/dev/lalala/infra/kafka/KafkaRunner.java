package dev.lalala.infra.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import dev.lalala.infra.runner.RunnerProcess;

/**
 * Runs a single-node Kafka (KRaft, combined broker and controller) in this JVM, started as its own process by
 * the LALALA local-infra launcher.
 * <p>
 * Usage: {@code KafkaRunner <server.properties>}, with system properties
 * <ul>
 *   <li>{@code lalala.kafka.cluster-id}: the cluster id used to format the storage on first start;</li>
 *   <li>{@code lalala.kafka.topics}: comma-separated {@code name[:partitions]} created once the broker answers;</li>
 *   <li>{@code lalala.ready-file}: written (with this process's pid) once the broker accepts clients and the
 *       topics exist;</li>
 *   <li>{@code lalala.watch-pid} (optional): exit when that process is gone (the test JVM that started us).</li>
 * </ul>
 */
public final class KafkaRunner {

    private static final RunnerProcess PROCESS = new RunnerProcess("kafka");

    private KafkaRunner() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: KafkaRunner <server.properties>");
            System.exit(2);
        }
        Path config = Path.of(args[0]).toAbsolutePath();
        Properties props = load(config);
        PROCESS.watchParent();

        Path logDir = Path.of(props.getProperty("log.dirs").split(",")[0].trim());
        if (!Files.exists(logDir.resolve("meta.properties"))) {
            String clusterId = required("lalala.kafka.cluster-id");
            log("formatting storage " + logDir + " for cluster " + clusterId);
            int rc = kafka.tools.StorageTool.execute(
                    new String[] {"format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted"},
                    new PrintStream(System.out, true, StandardCharsets.UTF_8));
            if (rc != 0) {
                log("storage format failed with exit code " + rc);
                System.exit(rc);
            }
        }

        Thread setup = new Thread(() -> setUp(props), "lalala-kafka-setup");
        setup.setDaemon(true);
        setup.start();

        // Blocks until the broker shuts down (SIGTERM runs Kafka's own shutdown hook).
        kafka.Kafka.main(new String[] {config.toString()});
    }

    private static void setUp(Properties props) {
        String bootstrap = props.getProperty("advertised.listeners").replaceFirst("^[A-Z_]+://", "").split(",")[0];
        Properties adminProps = new Properties();
        adminProps.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        adminProps.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        adminProps.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "60000");
        adminProps.put(AdminClientConfig.CLIENT_ID_CONFIG, "lalala-local-infra");
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        awaitPort(bootstrap, deadline);
        try (Admin admin = Admin.create(adminProps)) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(10, TimeUnit.SECONDS);
                    break;
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw e;
                    }
                    Thread.sleep(200);
                }
            }
            List<NewTopic> topics = new ArrayList<>();
            String spec = System.getProperty("lalala.kafka.topics", "");
            for (String t : spec.split(",")) {
                t = t.trim();
                if (t.isEmpty()) {
                    continue;
                }
                String[] parts = t.split(":");
                int partitions = parts.length > 1 ? Integer.parseInt(parts[1]) : 3;
                topics.add(new NewTopic(parts[0], partitions, (short) 1));
            }
            if (!topics.isEmpty()) {
                Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
                List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
                if (!missing.isEmpty()) {
                    try {
                        admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                    log("created topics " + missing.stream().map(NewTopic::name).toList());
                }
                // Wait until every topic has a leader for every partition, so that the first producer never races.
                awaitLeaders(admin, topics.stream().map(NewTopic::name).toList(), deadline);
            }
            PROCESS.writeReadyFile();
            log("LALALA-READY kafka " + bootstrap);
        } catch (Throwable e) {
            log("setup failed: " + e);
            e.printStackTrace();
            Runtime.getRuntime().halt(3);
        }
    }

    /** Waits for the listener to accept connections, so that the admin client does not log connection warnings. */
    private static void awaitPort(String hostPort, long deadline) {
        int colon = hostPort.lastIndexOf(':');
        String host = hostPort.substring(0, colon);
        int port = Integer.parseInt(hostPort.substring(colon + 1));
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(host, port), 500);
                return;
            } catch (IOException e) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void awaitLeaders(Admin admin, List<String> names, long deadline) throws Exception {
        while (true) {
            try {
                var descriptions = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
                boolean ok = descriptions.values().stream()
                        .allMatch(d -> d.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (ok) {
                    return;
                }
            } catch (ExecutionException e) {
                // not yet known everywhere
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + names + " have no leader in time");
            }
            Thread.sleep(Duration.ofMillis(100));
        }
    }

    private static Properties load(Path config) throws IOException {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(config)) {
            props.load(in);
        }
        return props;
    }

    private static String required(String key) {
        String v = System.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalArgumentException("missing system property " + key);
        }
        return v;
    }



    private static void log(String message) {
        PROCESS.log(message);
    }
}
