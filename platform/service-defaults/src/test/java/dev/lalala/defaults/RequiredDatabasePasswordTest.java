package dev.lalala.defaults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A service whose datasource has no password stops at startup and says which variable to set. */
class RequiredDatabasePasswordTest {

    @SpringBootConfiguration
    static class NoBeans {
    }

    private static SpringApplicationBuilder app(String... properties) {
        return new SpringApplicationBuilder(NoBeans.class).web(WebApplicationType.NONE).properties(properties);
    }

    @Test
    void anUnresolvedPasswordPlaceholderStopsStartupNamingTheVariable() {
        assertThatThrownBy(() -> app("spring.datasource.url=jdbc:mariadb://127.0.0.1:1/auth",
                "spring.datasource.password=${LALALA_DB_PASSWORD_NOT_SET_IN_THIS_TEST}").run().close())
                .hasStackTraceContaining("No database password")
                .hasStackTraceContaining("LALALA_DB_PASSWORD");
    }

    @Test
    void noPasswordAtAllStopsStartupToo() {
        assertThatThrownBy(() -> app("spring.datasource.url=jdbc:mariadb://127.0.0.1:1/auth").run().close())
                .hasStackTraceContaining("No database password");
    }

    @Test
    void aGivenPasswordOrNoDatasourceStartsNormally() {
        try (ConfigurableApplicationContext context = app("spring.datasource.url=jdbc:mariadb://127.0.0.1:1/auth",
                "spring.datasource.password=generated").run()) {
            assertThat(context.isActive()).isTrue();
        }
        try (ConfigurableApplicationContext context = app().run()) {
            assertThat(context.isActive()).isTrue();
        }
    }
}
