package dev.lalala.defaults.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.defaults.testapp.reactive.ReactiveTestApp;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

@SpringBootTest(classes = ReactiveTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.application.name=defaults-test",
            "spring.main.web-application-type=reactive",
            "lalala.security.public-paths=/api/public/**",
            "lalala.outbox.enabled=false",
            "spring.autoconfigure.exclude="
                    + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                    + "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"
        })
class ReactiveProblemTest extends ProblemContract {

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        registry.add("lalala.security.jwk-set-uri", JWKS::jwkSetUri);
    }

    @Override
    int port() {
        return port;
    }

    @Test
    void theReactiveServiceRunsOnNettyNotOnAServletContainer() {
        assertThat(org.springframework.util.ClassUtils.isPresent("reactor.netty.http.server.HttpServer", null))
                .isTrue();
    }
}
