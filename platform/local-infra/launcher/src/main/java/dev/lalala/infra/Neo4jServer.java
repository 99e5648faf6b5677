package dev.lalala.infra;

import java.util.Map;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Embedded Neo4j with Bolt in its own JVM: {@code dev.lalala.infra.neo4j.Neo4jRunner}. Authentication is disabled,
 * so Bolt listens on 127.0.0.1 only: anyone who can open a loopback connection on this machine can use the graph.
 * The user and password handed out are accepted like any other.
 */
final class Neo4jServer extends ComponentServer {

    static final String USER = "neo4j";
    static final String PASSWORD = "lalala-local";

    Neo4jServer(Settings settings) {
        super(Component.NEO4J, settings);
    }

    @Override
    void prepare() throws Exception {
        requireJava21();
        Runtimes.classpath(settings.home(), "neo4j");
        Files.createDirectories(dataDir().resolve("home"));
    }

    @Override
    Process launch(int port, int unused) throws Exception {
        List<String> opts = commonJvmOptions();
        opts.addAll(List.of(
                "--add-opens=java.base/java.nio=ALL-UNNAMED",
                "--add-opens=java.base/java.io=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                "--enable-native-access=ALL-UNNAMED",
                "-XX:-OmitStackTraceInFastThrow",
                "-Dio.netty.tryReflectionSetAccessible=true",
                "-Djdk.nio.maxCachedBufferSize=1024",
                "-Dlog4j2.disable.jmx=true",
                "-Dlalala.neo4j.pagecache=" + (64L * 1024 * 1024)));
        return launchJava(opts, Runtimes.classpath(settings.home(), "neo4j"), "dev.lalala.infra.neo4j.Neo4jRunner",
                List.of(dataDir().resolve("home").toString(), Integer.toString(port)));
    }

    @Override
    boolean isHealthy(int port, int unused) {
        return Probes.bolt(port);
    }

    @Override
    boolean isReady(long pid, int port, int unused) {
        return readyFileFor(pid) && isHealthy(port, unused);
    }

    @Override
    List<Path> extraLogs() {
        return List.of(dataDir().resolve("home").resolve("logs").resolve("debug.log"));
    }

    /** {@code bolt://127.0.0.1:<port>}. */
    String boltUri() {
        return "bolt://" + Probes.HOST + ":" + port();
    }

    @Override
    void springProperties(Map<String, String> p, List<String> databases) {
        p.put("spring.neo4j.uri", boltUri());
        p.put("spring.neo4j.authentication.username", USER);
        p.put("spring.neo4j.authentication.password", PASSWORD);
        p.put("lalala.infra.neo4j.uri", boltUri());
        p.put("lalala.infra.neo4j.username", USER);
        p.put("lalala.infra.neo4j.password", PASSWORD);
    }

    @Override
    void environment(Map<String, String> env) {
        env.put("SPRING_NEO4J_URI", boltUri());
        env.put("SPRING_NEO4J_AUTHENTICATION_USERNAME", USER);
        env.put("SPRING_NEO4J_AUTHENTICATION_PASSWORD", PASSWORD);
        env.put("LALALA_NEO4J_PORT", Integer.toString(port()));
    }
}
