package dev.lalala.defaults.problem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.defaults.testapp.servlet.ServletTestApp;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

@SpringBootTest(classes = ServletTestApp.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "spring.application.name=defaults-test",
            "spring.main.web-application-type=servlet",
            "lalala.security.public-paths=/api/public/**",
            "lalala.outbox.enabled=false",
            "spring.autoconfigure.exclude="
                    + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration,"
                    + "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration"
        })
class ServletProblemTest extends ProblemContract {

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
    void anInvalidRequestParameterIsAValidationProblem() throws Exception {
        JsonNode body = problem(get("/api/public/page?size=1000"), 400, ProblemTypes.VALIDATION);

        assertThat(body.path("errors").get(0).path("field").asString()).isEqualTo("size");
    }

    @Test
    void tooManyRequestsCarriesRetryAfter() throws Exception {
        HttpResponse<String> response = get("/api/public/slow-down");

        problem(response, 429, ProblemTypes.TOO_MANY_REQUESTS);
        assertThat(response.headers().firstValue("Retry-After")).contains("42");
    }
}
