package dev.lalala.defaults;

import dev.lalala.defaults.apidocs.ApiDocsProperties;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * One OpenAPI setup for every service, driven by {@code lalala.api-docs.*}: title, version, description, and the
 * {@value #BEARER} security scheme that {@code @SecurityRequirement(name = "bearer")} refers to.
 */
@AutoConfiguration(beforeName = "org.springdoc.core.configuration.SpringDocConfiguration")
@ConditionalOnClass(OpenAPI.class)
@ConditionalOnBooleanProperty(name = "lalala.api-docs.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ApiDocsProperties.class)
public class ApiDocsAutoConfiguration {

    /** The name of the access-token security scheme in every service's document. */
    public static final String BEARER = "bearer";

    @Bean
    @ConditionalOnMissingBean(OpenAPI.class)
    OpenAPI lalalaOpenApi(ApiDocsProperties properties, Environment environment) {
        String title = properties.getTitle() != null
                ? properties.getTitle()
                : "LALALA " + environment.getProperty("spring.application.name", "service");
        return new OpenAPI()
                .info(new Info().title(title).version(properties.getVersion()).description(properties.getDescription()))
                .components(new Components().addSecuritySchemes(BEARER, new SecurityScheme()
                        .type(SecurityScheme.Type.HTTP).scheme("bearer").bearerFormat("JWT")
                        .description("An access token from auth-service.")));
    }
}
