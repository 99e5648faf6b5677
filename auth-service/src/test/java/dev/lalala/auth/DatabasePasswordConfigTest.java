package dev.lalala.auth;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.core.env.PropertySource;
import org.springframework.core.io.ClassPathResource;

/**
 * The database password has no default in application.yml: it is generated per installation and passed by the
 * launcher as LALALA_DB_PASSWORD (service-defaults' RequiredDatabasePassword stops startup when it is missing).
 */
class DatabasePasswordConfigTest {

    @Test
    void thePasswordIsTheVariableWithNoDefault() throws Exception {
        PropertySource<?> yaml = new YamlPropertySourceLoader()
                .load("application.yml", new ClassPathResource("application.yml")).getFirst();
        assertThat(String.valueOf(yaml.getProperty("spring.datasource.password"))).isEqualTo("${LALALA_DB_PASSWORD}");
    }
}
