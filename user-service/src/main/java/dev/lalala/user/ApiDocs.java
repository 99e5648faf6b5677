package dev.lalala.user;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.context.annotation.Configuration;

/** What /v3/api-docs says about this service; the gateway gathers it with the others'. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(
        title = "LALALA user-service",
        version = "v1",
        description = """
                Profiles: handle, display name, one-line bio, avatar and role (listener or artist). Profiles are \
                public; only their owner sees the email address and changes them."""))
@SecurityScheme(name = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer", bearerFormat = "JWT")
class ApiDocs {
}
