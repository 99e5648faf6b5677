package dev.lalala.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The local run end to end, through the CLI and the Java API, in a temporary base folder on free ports:
 * up, status, idempotent up, env, down (nothing left in /proc), restart keeping data.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleIT {

    private static Path base;
    private static final List<String> PROPERTIES = new ArrayList<>();
    private static final Map<Component, Integer> PORTS = new LinkedHashMap<>();
    private static Map<Component, Long> firstPids;
    private static String firstSecrets;
    /** MariaDB (a native server), Elasticsearch (a process tree under another user) and a runner JVM (mail). */
    private static final Set<Component> LIFECYCLE = EnumSet.of(Component.MARIADB, Component.ELASTICSEARCH, Component.MAIL);

    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void setUp() throws Exception {
        // (not createTempDirectory: its 700 mode would keep the Elasticsearch user out)
        base = Files.createDirectories(Path.of(System.getProperty("user.dir"), "target", "lifecycle-" + System.nanoTime()));
        for (Component c : Component.values()) {
            int port = freePort();
            PORTS.put(c, port);
            setProperty(c.portSystemProperty(), port);
            if (c.hasSecondaryPort()) {
                setProperty(c.secondaryPortSystemProperty(), freePort());
            }
        }
    }

    private static void setProperty(String key, int value) {
        System.setProperty(key, Integer.toString(value));
        PROPERTIES.add(key);
    }

    @AfterAll
    static void tearDown() {
        try {
            // whatever happened above, leave nothing running
            LocalInfrastructure.create(settings()).stopAll();
        } finally {
            PROPERTIES.forEach(System::clearProperty);
            Runtimes.deleteTree(base);
        }
    }

    private static Settings settings() {
        return Settings.localBuilder(Home.find()).baseDir(base).databases(List.of("auth", "chat")).build();
    }

    private static Result cli(String... command) {
        List<String> args = new ArrayList<>(List.of("--home", Home.find().toString(), "--base", base.toString(), "--databases", "auth,chat"));
        args.addAll(List.of(command));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = LocalInfraCli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        Result r = new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        System.out.println("$ lalala " + String.join(" ", command) + " -> " + code + "\n" + r.out() + r.err());
        return r;
    }

    @Test
    @Order(1)
    void upStartsEverythingDetachedAndStatusShowsIt() throws Exception {
        // a stale pid file (process long gone) is cleaned, not trusted
        Files.createDirectories(base.resolve("run"));
        Files.writeString(base.resolve("run/neo4j.properties"), "pid=999999\nprocessStart=1\nport=1\nsecondaryPort=0\n");
        Files.writeString(base.resolve("run/neo4j.pid"), "999999\n");

        Result up = cli("up", "mariadb", "elasticsearch", "mail");
        assertThat(up.code()).as(up.err()).isZero();
        assertThat(up.err()).contains("removing stale pid file");
        assertThat(base.resolve("run/neo4j.pid")).doesNotExist();
        firstPids = pids();
        assertThat(firstPids.keySet()).isEqualTo(LIFECYCLE);
        for (Component c : LIFECYCLE) {
            assertThat(base.resolve("run/" + c.id() + ".pid")).content().isEqualToIgnoringWhitespace(firstPids.get(c).toString());
            assertThat(base.resolve("logs/" + c.id() + ".log")).exists();
        }

        Result status = cli("status");
        assertThat(status.code()).isZero();
        for (Component c : Component.values()) {
            String line = status.out().lines().filter(l -> l.startsWith(c.id() + " ")).findFirst().orElseThrow();
            String[] cols = line.trim().split("\\s+");
            if (!LIFECYCLE.contains(c)) {
                assertThat(cols[1]).as(line).isEqualTo("down");
                continue;
            }
            assertThat(cols[1]).as(line).isEqualTo("up");
            assertThat(Long.parseLong(cols[2])).isEqualTo(firstPids.get(c));
            assertThat(cols[3]).startsWith(PORTS.get(c).toString());
            assertThat(Long.parseLong(cols[4])).as("RSS MB of %s", c).isPositive();
            assertThat(cols[5]).isEqualTo("MB");
        }
        // the Elasticsearch tree (launcher JVM + server JVM) counts as one component
        assertThat(Processes.tree(firstPids.get(Component.ELASTICSEARCH))).hasSizeGreaterThanOrEqualTo(2);

        // the installation's credentials: generated once, readable by the owner only
        Path secrets = base.resolve("secrets.env");
        assertThat(Files.getPosixFilePermissions(secrets)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        firstSecrets = Files.readString(secrets);
        assertThat(firstSecrets).containsPattern("(?m)^LALALA_MARIADB_ROOT_PASSWORD=[A-Za-z0-9_-]{32}$")
                .containsPattern("(?m)^LALALA_DB_AUTH_PASSWORD=[A-Za-z0-9_-]{32}$")
                .containsPattern("(?m)^LALALA_DB_CHAT_PASSWORD=[A-Za-z0-9_-]{32}$");
    }

    @Test
    @Order(2)
    void secondUpIsANoOp() {
        Result again = cli("up", "mariadb", "elasticsearch", "mail");
        assertThat(again.code()).isZero();
        assertThat(again.err()).contains("already running").doesNotContain("starting ");
        assertThat(pids()).isEqualTo(firstPids);
    }

    @Test
    @Order(3)
    void envPrintsTheEndpointsAndTheDataIsUsable() throws Exception {
        Result env = cli("env");
        assertThat(env.code()).isZero();
        Map<String, String> vars = new LinkedHashMap<>();
        env.out().lines().forEach(l -> vars.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
        assertThat(vars).containsEntry("SPRING_KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + PORTS.get(Component.KAFKA))
                .containsEntry("LALALA_MARIADB_PORT", PORTS.get(Component.MARIADB).toString())
                .containsEntry("SPRING_NEO4J_URI", "bolt://127.0.0.1:" + PORTS.get(Component.NEO4J))
                .containsEntry("SPRING_ELASTICSEARCH_URIS", "http://127.0.0.1:" + PORTS.get(Component.ELASTICSEARCH))
                .containsEntry("SPRING_MAIL_PORT", PORTS.get(Component.MAIL).toString())
                .containsKeys("LALALA_DB_AUTH_URL", "LALALA_DB_AUTH_PASSWORD", "LALALA_DB_CHAT_USERNAME", "LALALA_MAIL_API_URL");
        assertThat(cli("env", "--export").out()).contains("export LALALA_DB_CHAT_USERNAME='chat'");

        assertThat(firstSecrets).contains("LALALA_DB_AUTH_PASSWORD=" + vars.get("LALALA_DB_AUTH_PASSWORD") + "\n");
        assertThat(vars).doesNotContainKey(Secrets.MARIADB_ROOT_PASSWORD);
        String server = "jdbc:mariadb://127.0.0.1:" + PORTS.get(Component.MARIADB) + "/";
        assertThatThrownBy(() -> DriverManager.getConnection(server, "root", "").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("denied");
        try (Connection c = DriverManager.getConnection(server, "root", secret(Secrets.MARIADB_ROOT_PASSWORD))) {
            assertThat(c.isValid(5)).isTrue();
        }

        try (Connection c = DriverManager.getConnection(vars.get("LALALA_DB_AUTH_URL"), vars.get("LALALA_DB_AUTH_USERNAME"),
                vars.get("LALALA_DB_AUTH_PASSWORD")); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE survivor (name VARCHAR(50))");
            s.execute("INSERT INTO survivor VALUES ('still here 🎶')");
        }
        // the Java API finds the same running processes
        LocalInfrastructure infra = LocalInfrastructure.start(settings(), EnumSet.of(Component.MARIADB, Component.MAIL));
        assertThat(infra.components()).isEqualTo(LIFECYCLE);
        assertThat(infra.jdbcUrl("auth")).isEqualTo(vars.get("LALALA_DB_AUTH_URL"));
        assertThat(infra.mail().messages()).isEmpty();
        infra.close(); // LOCAL mode: leaves them running
        assertThat(pids()).isEqualTo(firstPids);
    }

    @Test
    @Order(4)
    void downLeavesNoProcessBehind() throws Exception {
        List<Long> all = new ArrayList<>();
        firstPids.values().forEach(pid -> Processes.tree(pid).forEach(h -> all.add(h.pid())));
        assertThat(all.size()).isGreaterThan(LIFECYCLE.size());
        Result down = cli("down");
        assertThat(down.code()).as(down.err()).isZero();
        awaitGone(all);
        assertThat(base.resolve("run")).isEmptyDirectory();
        Result status = cli("status");
        assertThat(status.out().lines().skip(1)).allMatch(l -> l.trim().split("\\s+")[1].equals("down"));
    }

    @Test
    @Order(5)
    void restartKeepsTheData() throws Exception {
        Result up = cli("up", "mariadb");
        assertThat(up.code()).as(up.err()).isZero();
        LocalInfrastructure infra = LocalInfrastructure.create(settings());
        assertThat(infra.components()).isEqualTo(EnumSet.of(Component.MARIADB));
        // the credentials are reused, not generated again
        assertThat(Files.readString(base.resolve("secrets.env"))).isEqualTo(firstSecrets);
        assertThat(infra.dbPassword("auth")).isEqualTo(secret("LALALA_DB_AUTH_PASSWORD"));
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl("auth"), "auth", infra.dbPassword("auth"));
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT name FROM survivor")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("still here 🎶");
        }
        List<Long> all = new ArrayList<>();
        pids().values().forEach(pid -> Processes.tree(pid).forEach(h -> all.add(h.pid())));
        Result down = cli("down", "mariadb");
        assertThat(down.code()).isZero();
        awaitGone(all);
    }

    private static String secret(String name) {
        return firstSecrets.lines().filter(l -> l.startsWith(name + "=")).map(l -> l.substring(name.length() + 1))
                .findFirst().orElseThrow();
    }

    private static Map<Component, Long> pids() {
        Map<Component, Long> pids = new LinkedHashMap<>();
        for (ComponentStatus s : LocalInfrastructure.create(settings()).status()) {
            if (s.running()) {
                pids.put(s.component(), s.pid());
            }
        }
        return pids;
    }

    private static void awaitGone(List<Long> pids) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline && pids.stream().anyMatch(p -> Files.exists(Path.of("/proc", p.toString())))) {
            Thread.sleep(100);
        }
        Set<Long> left = new java.util.TreeSet<>();
        for (Long p : pids) {
            if (Files.exists(Path.of("/proc", p.toString()))) {
                left.add(p);
            }
        }
        assertThat(left).as("processes still in /proc").isEmpty();
    }

    private static int freePort() {
        return FreePorts.next();
    }
}
