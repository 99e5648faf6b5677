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
                        decodable on its own), over plain HTTP (segments immutable with a strong ETag; the whole \
                        track as one FLAC with Range) and over a WebSocket.

                        WebSocket `/api/stream/ws` (not an HTTP operation, so described here). Handshake: \
                        `Sec-WebSocket-Protocol: lalala.stream.v1, bearer.<access token>` (browsers) or \
                        `Authorization: Bearer <token>`; the server answers `lalala.stream.v1`; no valid token: 401 \
                        before the upgrade. Server: `hello`, then per play a `track` header (trackId, playId, \
                        segmentCount, segmentDurationMs, sampleRate, gainDb, waveform, ...), one binary frame per \
                        segment (16-byte track UUID, 4-byte big-endian segment index, then the FLAC file), `end`; \
                        `error {code, message}` frames. Client: `play {trackId, fromSegment}`, `credit {n}`, \
                        `seek {segment}`, `stop`, `ping {t0}` (answered by `pong`). Never more segments in flight \
                        than the credit granted. See the service README for every code and limit."""));
    }
}
