package dev.lalala.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import dev.lalala.infra.test.LocalInfra;
import org.junit.jupiter.api.Test;

@LocalInfra(value = Component.MARIADB, databases = {"auth", "users"})
class MariaDbIT {

    private static final String TEXT = "안녕하세요 LALALA 🎵🎸 — ünïcödé";

    @Test
    void storesAndReadsUtf8mb4ThroughMariadbConnectorJ(Infrastructure infra) throws Exception {
        assertThat(infra.jdbcUrl("auth")).isEqualTo("jdbc:mariadb://127.0.0.1:" + infra.mariadbPort() + "/auth");
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl("auth"), infra.dbUser("auth"), infra.dbPassword("auth"))) {
            roundTrip(c, "mariadb_client");
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT @@character_set_server, @@collation_server, @@sql_mode, @@version")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("utf8mb4");
                assertThat(rs.getString(2)).isEqualTo("utf8mb4_unicode_ci");
                assertThat(rs.getString(3)).contains("ONLY_FULL_GROUP_BY", "STRICT_TRANS_TABLES");
                assertThat(rs.getString(4)).startsWith("11.4");
            }
        }
    }

    @Test
    void mysqlConnectorJWorksToo(Infrastructure infra) throws Exception {
        try (Connection c = DriverManager.getConnection(infra.mysqlJdbcUrl("users"), infra.dbUser("users"),
                infra.dbPassword("users"))) {
            assertThat(c.getMetaData().getDriverName()).containsIgnoringCase("MySQL");
            roundTrip(c, "mysql_client");
        }
    }

    @Test
    void eachServiceUserReachesOnlyItsOwnDatabase(Infrastructure infra) throws Exception {
        assertThat(infra.dbPassword("auth")).isNotEqualTo(infra.dbPassword("users"));
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl("auth"), "auth", infra.dbPassword("auth"));
             Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM users.mysql_client"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("denied");
            assertThatThrownBy(() -> s.execute("CREATE DATABASE sneaky")).isInstanceOf(SQLException.class);
        }
        assertThatThrownBy(() -> DriverManager.getConnection(infra.jdbcUrl("users"), "auth", infra.dbPassword("auth")).close())
                .isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(infra.jdbcUrl("auth"), "auth", "wrong").close())
                .isInstanceOf(SQLException.class);
    }

    @Test
    void rootHasAGeneratedPasswordOnEveryAccount(Infrastructure infra) throws Exception {
        String server = "jdbc:mariadb://127.0.0.1:" + infra.mariadbPort() + "/";
        assertThatThrownBy(() -> DriverManager.getConnection(server, "root", "").close())
                .isInstanceOf(SQLException.class).hasMessageContaining("denied");
        assertThat(infra.mariadbRootPassword()).hasSizeGreaterThanOrEqualTo(32).isNotEqualTo(infra.dbPassword("auth"));
        try (Connection c = DriverManager.getConnection(server, "root", infra.mariadbRootPassword());
             Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT Host FROM mysql.user WHERE User = 'root' AND authentication_string = ''")) {
                assertThat(rs.next()).as("a root account without a password").isFalse();
            }
            List<String> rootHosts = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery("SELECT Host FROM mysql.user WHERE User = 'root'")) {
                while (rs.next()) {
                    rootHosts.add(rs.getString(1));
                }
            }
            // the install's passwordless root@<host name> is gone too
            assertThat(rootHosts).containsExactlyInAnyOrder("localhost", "127.0.0.1", "::1");
            // each service user exists once, for loopback connections only
            try (ResultSet rs = s.executeQuery("SELECT Host FROM mysql.user WHERE User = 'auth'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo("127.0.0.1");
                assertThat(rs.next()).isFalse();
            }
        }
    }

    @Test
    void aServiceUserSeesNoOtherSchema(Infrastructure infra) throws Exception {
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl("users"), "users", infra.dbPassword("users"));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS private_profile (id INT PRIMARY KEY)");
        }
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl("auth"), "auth", infra.dbPassword("auth"));
             Statement s = c.createStatement()) {
            List<String> visible = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery("SHOW DATABASES")) {
                while (rs.next()) {
                    visible.add(rs.getString(1));
                }
            }
            assertThat(visible).contains("auth").doesNotContain("users", "mysql");
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM users.private_profile"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("denied");
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM mysql.global_priv"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("denied");
        }
    }

    @Test
    void moreDatabasesCanBeAddedLater(Infrastructure infra) throws Exception {
        infra.ensureDatabases(List.of("tracks"));
        infra.ensureDatabases(List.of("tracks")); // idempotent
        assertThat(infra.databases()).contains("auth", "users", "tracks");
        try (Connection c = DriverManager.getConnection(infra.jdbcUrl("tracks"), "tracks", infra.dbPassword("tracks"))) {
            assertThat(c.getCatalog()).isEqualTo("tracks");
        }
        assertThat(infra.springProperties(List.of(Component.MARIADB), List.of("users", "auth")))
                .containsEntry("spring.datasource.url", infra.mysqlJdbcUrl("users"))
                .containsEntry("spring.datasource.username", "users")
                .containsEntry("spring.datasource.password", infra.dbPassword("users"))
                .containsEntry("lalala.infra.db.auth.url", infra.jdbcUrl("auth"));
    }

    private static void roundTrip(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS " + table + " (id BIGINT AUTO_INCREMENT PRIMARY KEY, title VARCHAR(200) NOT NULL)");
        }
        long id;
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (title) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
            ps.setString(1, TEXT);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                assertThat(keys.next()).isTrue();
                id = keys.getLong(1);
            }
        }
        try (PreparedStatement ps = c.prepareStatement("SELECT title, CHAR_LENGTH(title) FROM " + table + " WHERE id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1)).isEqualTo(TEXT);
                assertThat(rs.getInt(2)).isEqualTo(TEXT.codePointCount(0, TEXT.length()));
            }
        }
    }
}
