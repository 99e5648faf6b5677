package dev.lalala.feed;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the gateway shows of this service in the API docs. */
@Configuration(proxyBeanMethods = false)
class FeedApiDocs {

    static final String BEARER = "bearer";

    @Bean
    OpenAPI feedOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("LALALA feed-service")
                        .version("v1")
                        .description("""
                                The follow graph and the activity feed. Who follows whom (with counts, newest \
                                first, cursor-paged) is public; a user's own feed needs their access token. Lists \
                                answer {"items": [...], "nextCursor": "..."}; pass nextCursor back as ?cursor= for \
                                the next page (absent on the last page). Errors are RFC 9457 problem+json."""))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("An access token from auth-service.")));
    }
}
