package dev.lalala.testsupport.infra;

import dev.lalala.infra.Component;
import dev.lalala.infra.Infrastructure;
import dev.lalala.infra.LocalInfrastructure;
import dev.lalala.infra.MailReader;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mysql.MySQLContainer;
import org.testcontainers.neo4j.Neo4jContainer;

/**
 * {@link Infrastructure} on Testcontainers, for {@code @LocalInfra} tests where a Docker engine answers: MySQL 8.4
 * (the card's database; the launcher runs MariaDB, and the services' SQL is portable), Kafka (apache/kafka, KRaft)
 * and Neo4j in containers, the same images and tags as docker-compose.yml. Elasticsearch (it needs the project's
 * analysis plugin in its image), mail and S3Mock still come from the local launcher. The same Spring properties come
 * out either way, so a test cannot tell. Containers are removed when the JVM ends (Testcontainers' Ryuk).
 *
 * <p>Written against the Testcontainers 2.0.5 API and compiled here; it has not run on this machine (no Docker):
 * docs/testing-infrastructure.md.
 */
final class ContainerInfrastructure implements Infrastructure {

    static final String MYSQL_IMAGE = "mysql:8.4";
    static final String KAFKA_IMAGE = "apache/kafka:4.1.2";
    static final String NEO4J_IMAGE = "neo4j:2026.08.1-community";
    /** What Testcontainers runs here; everything else is the launcher's. */
    static final Set<Component> IN_CONTAINERS = EnumSet.of(Component.MARIADB, Component.KAFKA, Component.NEO4J);

    private static final Pattern DATABASE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private final Supplier<LocalInfrastructure> launcher;
    private final Map<String, String> passwords = new LinkedHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private MySQLContainer mysql;
    private KafkaContainer kafka;
    private Neo4jContainer neo4j;

    ContainerInfrastructure(Supplier<LocalInfrastructure> launcher) {
        this.launcher = launcher;
    }

    @Override
    public synchronized Set<Component> components() {
        Set<Component> running = EnumSet.noneOf(Component.class);
        if (mysql != null) {
            running.add(Component.MARIADB);
        }
        if (kafka != null) {
            running.add(Component.KAFKA);
        }
        if (neo4j != null) {
            running.add(Component.NEO4J);
        }
        return running;
    }

    @Override
    public synchronized Infrastructure ensureStarted(Collection<Component> components) {
        List<Component> elsewhere = new ArrayList<>();
        for (Component component : components) {
            switch (component) {
                case MARIADB -> {
                    if (mysql == null) {
                        MySQLContainer db = new MySQLContainer(MYSQL_IMAGE).withDatabaseName("lalala_bootstrap");
                        db.start();
                        mysql = db;
                    }
                }
                case KAFKA -> {
                    if (kafka == null) {
                        KafkaContainer broker = new KafkaContainer(KAFKA_IMAGE);
                        broker.start();
                        kafka = broker;
                    }
                }
                case NEO4J -> {
                    if (neo4j == null) {
                        Neo4jContainer graph = new Neo4jContainer(NEO4J_IMAGE).withoutAuthentication();
                        graph.start();
                        neo4j = graph;
                    }
                }
                default -> elsewhere.add(component);
            }
        }
        if (!elsewhere.isEmpty()) {
            launcher.get().ensureStarted(elsewhere);
        }
        return this;
    }

    // ---- MySQL in place of MariaDB ----

    private synchronized MySQLContainer mysql() {
        if (mysql == null) {
            throw new IllegalStateException("MARIADB (MySQL in a container) is not running: ask for it in @LocalInfra");
        }
        return mysql;
    }

    @Override
    public String kafkaBootstrapServers() {
        synchronized (this) {
            if (kafka == null) {
                throw new IllegalStateException("KAFKA is not running: ask for it in @LocalInfra");
            }
            return kafka.getBootstrapServers();
        }
    }

    @Override
    public String mariadbHost() {
        return mysql().getHost();
    }

    @Override
    public int mariadbPort() {
        return mysql().getMappedPort(MySQLContainer.MYSQL_PORT);
    }

    @Override
    public String mariadbRootPassword() {
        return mysql().getPassword();
    }

    /** Each database with its own user; from any host, as connections reach the container through Docker's bridge. */
    @Override
    public synchronized void ensureDatabases(Collection<String> databases) {
        MySQLContainer db = mysql();
        String rootUrl = "jdbc:mysql://" + db.getHost() + ":" + mariadbPort() + "/?allowPublicKeyRetrieval=true&useSSL=false";
        try (Connection c = DriverManager.getConnection(rootUrl, "root", db.getPassword());
                Statement sql = c.createStatement()) {
            for (String name : databases) {
                if (passwords.containsKey(name)) {
                    continue;
                }
                if (!DATABASE_NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("not a database name: " + name);
                }
                String password = HexFormat.of().formatHex(random.generateSeed(16));
                sql.execute("CREATE DATABASE IF NOT EXISTS `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
                sql.execute("CREATE USER IF NOT EXISTS '" + name + "'@'%' IDENTIFIED BY '" + password + "'");
                sql.execute("ALTER USER '" + name + "'@'%' IDENTIFIED BY '" + password + "'");
                sql.execute("GRANT ALL PRIVILEGES ON `" + name + "`.* TO '" + name + "'@'%'");
                passwords.put(name, password);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create databases " + databases + " in " + MYSQL_IMAGE + ": " + e, e);
        }
    }

    @Override
    public synchronized List<String> databases() {
        return List.copyOf(passwords.keySet());
    }

    @Override
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://" + mariadbHost() + ":" + mariadbPort() + "/" + known(database)
                + "?allowPublicKeyRetrieval=true";
    }

    @Override
    public String mysqlJdbcUrl(String database) {
        // MySQL 8.4 authenticates with caching_sha2_password: without TLS the client needs the server's public key.
        return "jdbc:mysql://" + mariadbHost() + ":" + mariadbPort() + "/" + known(database)
                + "?allowPublicKeyRetrieval=true&useSSL=false";
    }

    @Override
    public String dbUser(String database) {
        return known(database);
    }

    @Override
    public synchronized String dbPassword(String database) {
        return passwords.get(known(database));
    }

    private synchronized String known(String database) {
        if (!passwords.containsKey(database)) {
            throw new IllegalStateException("no database " + database + ": @LocalInfra(databases = \"" + database
                    + "\") or ensureDatabases(...). Known: " + databases());
        }
        return database;
    }

    // ---- Neo4j ----

    @Override
    public synchronized String neo4jBoltUri() {
        if (neo4j == null) {
            throw new IllegalStateException("NEO4J is not running: ask for it in @LocalInfra");
        }
        return neo4j.getBoltUrl();
    }

    @Override
    public String neo4jUser() {
        return "neo4j";
    }

    @Override
    public String neo4jPassword() {
        return "neo4j-without-authentication";
    }

    // ---- from the launcher ----

    @Override
    public String elasticsearchUrl() {
        return launcher.get().elasticsearchUrl();
    }

    @Override
    public String smtpHost() {
        return launcher.get().smtpHost();
    }

    @Override
    public int smtpPort() {
        return launcher.get().smtpPort();
    }

    @Override
    public String mailApiUrl() {
        return launcher.get().mailApiUrl();
    }

    @Override
    public MailReader mail() {
        return launcher.get().mail();
    }

    @Override
    public String s3Endpoint() {
        return launcher.get().s3Endpoint();
    }

    // ---- Spring / shell: the keys the launcher's servers give ----

    @Override
    public Map<String, String> springProperties(Collection<Component> components, List<String> databases) {
        Map<String, String> p = new LinkedHashMap<>();
        List<Component> elsewhere = new ArrayList<>();
        for (Component c : components) {
            switch (c) {
                case MARIADB -> {
                    p.put("lalala.infra.mariadb.host", mariadbHost());
                    p.put("lalala.infra.mariadb.port", Integer.toString(mariadbPort()));
                    if (!databases.isEmpty()) {
                        String first = databases.getFirst();
                        p.put("spring.datasource.url", mysqlJdbcUrl(first));
                        p.put("spring.datasource.username", dbUser(first));
                        p.put("spring.datasource.password", dbPassword(first));
                    }
                    for (String db : databases) {
                        p.put("lalala.infra.db." + db + ".url", jdbcUrl(db));
                        p.put("lalala.infra.db." + db + ".mysql-url", mysqlJdbcUrl(db));
                        p.put("lalala.infra.db." + db + ".username", dbUser(db));
                        p.put("lalala.infra.db." + db + ".password", dbPassword(db));
                    }
                }
                case KAFKA -> {
                    p.put("spring.kafka.bootstrap-servers", kafkaBootstrapServers());
                    p.put("lalala.infra.kafka.bootstrap-servers", kafkaBootstrapServers());
                }
                case NEO4J -> {
                    p.put("spring.neo4j.uri", neo4jBoltUri());
                    p.put("spring.neo4j.authentication.username", neo4jUser());
                    p.put("spring.neo4j.authentication.password", neo4jPassword());
                    p.put("lalala.infra.neo4j.uri", neo4jBoltUri());
                    p.put("lalala.infra.neo4j.username", neo4jUser());
                    p.put("lalala.infra.neo4j.password", neo4jPassword());
                }
                default -> elsewhere.add(c);
            }
        }
        if (!elsewhere.isEmpty()) {
            p.putAll(launcher.get().springProperties(elsewhere, List.of()));
        }
        return p;
    }

    @Override
    public Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        Set<Component> running = components();
        if (running.contains(Component.KAFKA)) {
            env.put("SPRING_KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers());
        }
        if (running.contains(Component.MARIADB)) {
            env.put("LALALA_MARIADB_HOST", mariadbHost());
            env.put("LALALA_MARIADB_PORT", Integer.toString(mariadbPort()));
            for (String db : databases()) {
                String key = "LALALA_DB_" + db.toUpperCase(Locale.ROOT);
                env.put(key + "_URL", jdbcUrl(db));
                env.put(key + "_MYSQL_URL", mysqlJdbcUrl(db));
                env.put(key + "_USERNAME", db);
                env.put(key + "_PASSWORD", dbPassword(db));
            }
        }
        if (running.contains(Component.NEO4J)) {
            env.put("SPRING_NEO4J_URI", neo4jBoltUri());
            env.put("SPRING_NEO4J_AUTHENTICATION_USERNAME", neo4jUser());
            env.put("SPRING_NEO4J_AUTHENTICATION_PASSWORD", neo4jPassword());
        }
        return env;
    }

    @Override
    public String toString() {
        return "ContainerInfrastructure[running=" + components() + "]";
    }
}
