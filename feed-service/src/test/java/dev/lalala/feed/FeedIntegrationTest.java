package dev.lalala.feed;

import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import dev.lalala.testsupport.TestTokens;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The one application context every feed-service integration test shares (real Neo4j and Kafka, tokens signed by a
 * test JWKS): one context means one set of Kafka consumers and one outbox relay in the test JVM.
 */
@LocalInfra({Component.NEO4J, Component.KAFKA})
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class FeedIntegrationTest {

    static final TestTokens JWKS = new TestTokens();

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        registry.add("lalala.security.jwk-set-uri", JWKS::jwkSetUri);
    }
}
