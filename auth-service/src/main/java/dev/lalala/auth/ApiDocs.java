package dev.lalala.auth;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.context.annotation.Configuration;

/** What /v3/api-docs says about this service; the gateway gathers it with the others'. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(
        title = "LALALA auth-service",
        version = "v1",
        description = """
                Credentials and tokens. Access tokens are JWTs signed with RS256; every service checks them against \
                the keys published here as a JSON Web Key Set (RFC 7517). Sign-up, login, refresh and logout follow."""))
class ApiDocs {
}
