package dev.lalala.chat;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** What the gateway shows of this service in the API docs. */
@Configuration(proxyBeanMethods = false)
class ChatApiDocs {

    @Bean
    OpenAPI chatOpenApi() {
        return new OpenAPI().info(new Info()
                .title("LALALA chat-service")
                .version("v1")
                .description("""
                        Listening rooms: a host plays songs, everyone in the room hears the same second, and they \
                        chat and react. A room's playback state is (track, segment, startedAtServerMs: the server \
                        time at which segment 0 would have started, paused). Lists answer {"items": [...], \
                        "nextCursor": "..."}; errors are RFC 9457 problem+json.

                        WebSocket `/api/chat/ws` (JSON text frames; not an HTTP operation, so described here): on \
                        connect the server sends `{"type":"hello","service":"chat-service","serverTime":<epoch \
                        ms>}`; `{"type":"ping","t0":<client epoch ms>}` is answered with `{"type":"pong","t0":...,\
                        "serverTime":...}` for clock sync; any other frame with `{"type":"error",\
                        "code":"unsupported","message":...}`, and the connection stays open. Joining rooms, chat \
                        and playback commands come next."""));
    }
}
