package dev.lalala.infra.test;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.infra.Component;
import dev.lalala.infra.Infrastructure;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.context.junit.jupiter.SpringJUnitConfig;

/** The Spring test integration: properties without any @DynamicPropertySource, overridable by the test. */
@LocalInfra(value = {Component.KAFKA, Component.MARIADB, Component.MAIL}, databases = {"playlists", "chat"})
@SpringJUnitConfig(SpringIntegrationIT.Config.class)
@TestPropertySource(properties = "spring.mail.port=2525")
class SpringIntegrationIT {

    @Configuration
    static class Config {
    }

    @Autowired
    Environment environment;

    @Test
    void bindsTheEndpointsAsSpringProperties(Infrastructure infra) {
        assertThat(environment.getProperty("spring.kafka.bootstrap-servers")).isEqualTo(infra.kafkaBootstrapServers());
        assertThat(environment.getProperty("spring.datasource.url")).isEqualTo(infra.mysqlJdbcUrl("playlists"))
                .startsWith("jdbc:mysql://127.0.0.1:");
        assertThat(environment.getProperty("spring.datasource.username")).isEqualTo("playlists");
        assertThat(environment.getProperty("spring.datasource.password")).isEqualTo(infra.dbPassword("playlists"));
        assertThat(environment.getProperty("lalala.infra.db.chat.url")).isEqualTo(infra.jdbcUrl("chat"));
        assertThat(environment.getProperty("lalala.infra.db.chat.password")).isEqualTo(infra.dbPassword("chat"));
        assertThat(environment.getProperty("spring.mail.host")).isEqualTo("127.0.0.1");
        assertThat(environment.getProperty("lalala.infra.mail.api-url")).isEqualTo(infra.mailApiUrl());
        // components the class did not ask for are not bound, even if another class started them
        assertThat(environment.getProperty("spring.neo4j.uri")).isNull();
        assertThat(environment.getProperty("spring.elasticsearch.uris")).isNull();
    }

    @Test
    void theTestsOwnPropertiesWin() {
        assertThat(environment.getProperty("spring.mail.port")).isEqualTo("2525");
        assertThat(environment.getProperty("lalala.infra.mail.smtp-port")).isNotEqualTo("2525");
    }

    @Nested
    class NestedClass {

        @Autowired
        Environment nestedEnvironment;

        @Test
        void inheritsTheInfrastructure() {
            assertThat(nestedEnvironment.getProperty("spring.datasource.username")).isEqualTo("playlists");
        }
    }
}
