package dev.lalala.infra.neo4j;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.graphdb.GraphDatabaseService;

import dev.lalala.infra.runner.RunnerProcess;

/**
 * Runs embedded Neo4j (community) with the Bolt connector on loopback, in this JVM, started as its own process by
 * the LALALA local-infra launcher. Authentication is disabled (any credentials are accepted).
 * <p>
 * Usage: {@code Neo4jRunner <home-dir> <bolt-port>}, with system properties {@code lalala.ready-file} (written with
 * this process's pid once the default database is available), {@code lalala.neo4j.pagecache} (bytes, default
 * 64 MiB) and {@code lalala.watch-pid} (optional: exit when that process is gone).
 */
public final class Neo4jRunner {

    private static final RunnerProcess PROCESS = new RunnerProcess("neo4j");

    private Neo4jRunner() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: Neo4jRunner <home-dir> <bolt-port>");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = Integer.parseInt(args[1]);
        long pageCache = Long.getLong("lalala.neo4j.pagecache", 64L * 1024 * 1024);
        PROCESS.watchParent();

        long started = System.nanoTime();
        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                // Without these, stopping waits 2 x 5 s for Bolt threads that are idle anyway.
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofMillis(100))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofMillis(100))
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                .setConfig(GraphDatabaseSettings.keep_logical_logs, "2 files")
                .setConfig(GraphDatabaseSettings.preallocate_logical_logs, false)
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                .build();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log("shutting down");
            try {
                dbms.shutdown();
            } finally {
                stopped.countDown();
            }
        }, "lalala-neo4j-shutdown"));

        GraphDatabaseService db = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME);
        if (!db.isAvailable(Duration.ofMinutes(3).toMillis())) {
            log("database not available in time");
            System.exit(3);
        }
        PROCESS.writeReadyFile();
        log("LALALA-READY neo4j bolt://127.0.0.1:" + port + " in "
                + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms");
        stopped.await();
    }



    private static void log(String message) {
        PROCESS.log(message);
    }
}
