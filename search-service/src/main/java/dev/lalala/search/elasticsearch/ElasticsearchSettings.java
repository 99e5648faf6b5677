package dev.lalala.search.elasticsearch;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where Elasticsearch is. The property names are Spring Boot's own ({@code spring.elasticsearch.*}), which the
 * fleet launcher and the test infrastructure set, but this service builds its 8.19 client itself: Boot's
 * Elasticsearch support is built for the 9.x client.
 *
 * @param uris              the nodes, e.g. {@code http://127.0.0.1:19200}
 * @param username          basic-auth user, when security is on (it is off locally)
 * @param password          basic-auth password
 * @param connectionTimeout how long to wait for a connection
 * @param socketTimeout     how long to wait for an answer
 */
@ConfigurationProperties("spring.elasticsearch")
public record ElasticsearchSettings(
        @DefaultValue("http://127.0.0.1:19200") List<URI> uris,
        String username,
        String password,
        @DefaultValue("2s") Duration connectionTimeout,
        @DefaultValue("10s") Duration socketTimeout) {
}
