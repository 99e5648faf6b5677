package dev.lalala.track;

import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.info.Info;
import org.springframework.context.annotation.Configuration;

/** What /v3/api-docs says about this service; the gateway gathers it with the others'. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(
        title = "LALALA track-service",
        version = "v1",
        description = """
                Songs: upload (processed in the background into exact FLAC segments), their metadata, genres, likes, \
                play counts and charts. Published songs are public (unlisted ones by id only); a private or \
                unfinished song is visible to its owner alone. Only the owner edits or deletes a song."""))
class ApiDocs {
}
