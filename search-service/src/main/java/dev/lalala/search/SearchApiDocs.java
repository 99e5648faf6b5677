package dev.lalala.search;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the gateway shows of this service in the API docs. */
@Configuration(proxyBeanMethods = false)
class SearchApiDocs {

    @Bean
    OpenAPI searchOpenApi() {
        return new OpenAPI().info(new Info()
                .title("LALALA search-service")
                .version("v1")
                .description("""
                        Search over songs, artists and public playlists: typo-tolerant full text and as-you-type \
                        prefix matching, and completion suggestions for a search box. Public, no token needed. \
                        Errors are RFC 9457 problem+json."""));
    }
}
