package dev.lalala.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ComponentTest {

    @Test
    void parsesNamesAndAliases() {
        assertThat(Component.parse("kafka")).isEqualTo(Component.KAFKA);
        assertThat(Component.parse("ES")).isEqualTo(Component.ELASTICSEARCH);
        assertThat(Component.parse("mysql")).isEqualTo(Component.MARIADB);
        assertThat(Component.parse("smtp")).isEqualTo(Component.MAIL);
        assertThat(Component.parse("s3")).isEqualTo(Component.S3MOCK);
        assertThatThrownBy(() -> Component.parse("redis")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("known:");
    }

    @Test
    void namesItsPortOverrides() {
        assertThat(Component.MARIADB.portEnvironmentVariable()).isEqualTo("LALALA_MARIADB_PORT");
        assertThat(Component.MARIADB.portSystemProperty()).isEqualTo("lalala.mariadb.port");
        assertThat(Component.KAFKA.secondaryPortEnvironmentVariable()).isEqualTo("LALALA_KAFKA_CONTROLLER_PORT");
        assertThat(Component.ELASTICSEARCH.secondaryPortSystemProperty()).isEqualTo("lalala.elasticsearch.transport.port");
        assertThat(Component.MAIL.secondaryPortEnvironmentVariable()).isEqualTo("LALALA_MAIL_HTTP_PORT");
        assertThat(Component.NEO4J.hasSecondaryPort()).isFalse();
    }

    @Test
    void defaultPortsDoNotClashWithSystemServices() {
        assertThat(Component.MARIADB.defaultPort()).isEqualTo(13306);
        assertThat(Component.KAFKA.defaultPort()).isEqualTo(19092);
        assertThat(Component.KAFKA.defaultSecondaryPort()).isEqualTo(19093);
        assertThat(Component.NEO4J.defaultPort()).isEqualTo(17687);
        assertThat(Component.ELASTICSEARCH.defaultPort()).isEqualTo(19200);
        assertThat(Component.ELASTICSEARCH.defaultSecondaryPort()).isEqualTo(19300);
        assertThat(Component.MAIL.defaultPort()).isEqualTo(13025);
        assertThat(Component.MAIL.defaultSecondaryPort()).isEqualTo(13080);
        assertThat(Component.S3MOCK.defaultPort()).isEqualTo(19090);
    }

    @Test
    void s3MockIsOptIn() {
        assertThat(Component.defaults()).doesNotContain(Component.S3MOCK)
                .containsExactlyInAnyOrder(Component.KAFKA, Component.MARIADB, Component.NEO4J, Component.ELASTICSEARCH,
                        Component.MAIL);
    }
}
