package dev.lalala.streaming;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the gateway shows of this service in the API docs. */
@Configuration(proxyBeanMethods = false)
class StreamingApiDocs {

    @Bean
    OpenAPI streamingOpenApi() {
        return new OpenAPI().info(new Info()
                .title("LALALA streaming-service")
                .version("v1")
                .description("""
                        Delivers songs as the FLAC segments made at upload (each a complete FLAC file of about 5 s, \
                        decodable on its own), over plain HTTP (immutable and cacheable, with a strong ETag) and \
                        over a WebSocket.

                        WebSocket `/api/stream/ws` (JSON text frames; not an HTTP operation, so described here): \
                        on connect the server sends `{"type":"hello","service":"streaming-service",\
                        "serverTime":<epoch ms>}`; a client estimates its clock offset by sending \
                        `{"type":"ping","t0":<client epoch ms>}` and reading `{"type":"pong","t0":...,\
                        "serverTime":...}`; any other frame is answered with `{"type":"error",\
                        "code":"unsupported","message":...}` and the connection stays open. The play / credit \
                        protocol comes next."""));
    }
}
