package dev.lalala.infra;

import java.util.Map;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/** Kafka (KRaft, combined broker and controller) in its own JVM: {@code dev.lalala.infra.kafka.KafkaRunner}. */
final class KafkaServer extends ComponentServer {

    KafkaServer(Settings settings) {
        super(Component.KAFKA, settings);
    }

    @Override
    void prepare() throws Exception {
        requireJava21();
        Runtimes.classpath(settings.home(), "kafka");
        Files.createDirectories(dataDir());
        Path clusterIdFile = dataDir().resolve("cluster.id");
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, newClusterId());
        }
    }

    /** A Kafka cluster id: 16 random bytes, URL-safe base64 without padding (as {@code kafka-storage random-uuid}). */
    static String newClusterId() {
        UUID uuid = UUID.randomUUID();
        ByteBuffer bb = ByteBuffer.allocate(16);
        bb.putLong(uuid.getMostSignificantBits());
        bb.putLong(uuid.getLeastSignificantBits());
        String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bb.array());
        // Kafka rejects ids starting with '-' on the command line of some tools; keep them plain.
        return id.startsWith("-") ? "L" + id.substring(1) : id;
    }

    @Override
    Process launch(int port, int controllerPort) throws Exception {
        Path config = dataDir().resolve("server.properties");
        String props = String.join("\n",
                "# Written by the LALALA local-infra launcher at every start.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dataDir().resolve("kraft"),
                "num.partitions=" + settings.topicPartitions(),
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=5",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "auto.create.topics.enable=true",
                "delete.topic.enable=true",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                "") ;
        Files.writeString(config, props, StandardCharsets.UTF_8);
        List<String> topics = new ArrayList<>();
        for (String t : settings.topics()) {
            topics.add(t.contains(":") ? t : t + ":" + settings.topicPartitions());
        }
        List<String> opts = commonJvmOptions();
        opts.add("-Dlalala.kafka.cluster-id=" + Files.readString(dataDir().resolve("cluster.id")).trim());
        opts.add("-Dlalala.kafka.topics=" + String.join(",", topics));
        return launchJava(opts, Runtimes.classpath(settings.home(), "kafka"), "dev.lalala.infra.kafka.KafkaRunner",
                List.of(config.toString()));
    }

    @Override
    boolean isHealthy(int port, int controllerPort) {
        return Probes.kafka(port);
    }

    @Override
    boolean isReady(long pid, int port, int controllerPort) {
        return readyFileFor(pid) && isHealthy(port, controllerPort);
    }

    /** {@code 127.0.0.1:<port>}. */
    String bootstrapServers() {
        return Probes.HOST + ":" + port();
    }

    @Override
    void springProperties(Map<String, String> p, List<String> databases) {
        p.put("spring.kafka.bootstrap-servers", bootstrapServers());
        p.put("lalala.infra.kafka.bootstrap-servers", bootstrapServers());
    }

    @Override
    void environment(Map<String, String> env) {
        env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
        env.put("LALALA_KAFKA_PORT", Integer.toString(port()));
        env.put("LALALA_KAFKA_CONTROLLER_PORT", Integer.toString(secondaryPort()));
    }
}
