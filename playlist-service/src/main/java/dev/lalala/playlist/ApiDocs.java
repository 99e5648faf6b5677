package dev.lalala.playlist;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.context.annotation.Configuration;

/** What /v3/api-docs says about this service; the gateway gathers it with the others'. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(
        title = "LALALA playlist-service",
        version = "v1",
        description = """
                Playlists: public or private, optionally collaborative, with their songs in order. Public playlists \
                are seen by anyone, private ones by their owner only. Creating, renaming, reordering and \
                collaborating follow."""))
class ApiDocs {
}
