package dev.lalala.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SettingsTest {

    @AfterEach
    void clear() {
        System.clearProperty("lalala.mariadb.port");
        System.clearProperty("lalala.kafka.controller.port");
        System.clearProperty("lalala.databases");
    }

    @Test
    void localRunUsesFixedPortsOverridableBySystemProperties() {
        System.setProperty("lalala.mariadb.port", "23306");
        System.setProperty("lalala.kafka.controller.port", "29093");
        Settings s = Settings.localBuilder(Home.find()).build();
        assertThat(s.mode()).isEqualTo(Settings.Mode.LOCAL);
        assertThat(s.port(Component.MARIADB)).isEqualTo(23306);
        assertThat(s.secondaryPort(Component.KAFKA)).isEqualTo(29093);
        assertThat(s.port(Component.KAFKA)).isEqualTo(19092);
        assertThat(s.baseDir()).isEqualTo(Home.find().resolve(".lalala"));
        assertThat(s.distDir()).isEqualTo(Home.find().resolve(".lalala").resolve("dist"));
        assertThat(s.databases()).containsExactly("auth", "users", "tracks", "chat", "playlists");
        assertThat(s.topics()).contains("user.events", "room.events");
    }

    @Test
    void databasesCanBeConfigured() {
        System.setProperty("lalala.databases", "auth, chat");
        assertThat(Settings.localBuilder(Home.find()).build().databases()).containsExactly("auth", "chat");
    }

    @Test
    void rejectsBadPortsAndDatabaseNames() {
        System.setProperty("lalala.mariadb.port", "99999");
        assertThatThrownBy(() -> Settings.localBuilder(Home.find()).build()).isInstanceOf(InfrastructureException.class)
                .hasMessageContaining("LALALA_MARIADB_PORT");
        System.clearProperty("lalala.mariadb.port");
        assertThatThrownBy(() -> Settings.localBuilder(Home.find()).databases(java.util.List.of("a;drop")).build())
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void testsGetRandomPortsAndAFreshFolderUnderTarget() {
        Settings a = Settings.testBuilder(Home.find()).build();
        Settings b = Settings.testBuilder(Home.find()).build();
        assertThat(a.mode()).isEqualTo(Settings.Mode.TEST);
        assertThat(a.port(Component.KAFKA)).isZero();
        assertThat(a.baseDir()).isNotEqualTo(b.baseDir());
        assertThat(a.baseDir().getFileName().toString()).startsWith("local-infra-");
        assertThat(a.baseDir().getParent()).isEqualTo(Path.of(System.getProperty("user.dir")).toAbsolutePath().resolve("target"));
        assertThat(a.distDir()).isEqualTo(Home.find().resolve(".lalala").resolve("dist"));
    }

    @Test
    void findsTheCheckout() {
        Path home = Home.find();
        assertThat(home.resolve("mvnw")).exists();
        assertThat(home.resolve("platform/local-infra")).isDirectory();
    }
}
