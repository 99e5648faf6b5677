package dev.lalala.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Embedded Neo4j with Bolt in its own JVM: {@code dev.lalala.infra.neo4j.Neo4jRunner}. Auth disabled. */
final class Neo4jServer extends ComponentServer {

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
}
