package dev.lalala.gateway.docs;

import org.reactivestreams.Publisher;
import org.springframework.cloud.gateway.filter.factory.rewrite.RewriteFunction;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Points a service's OpenAPI document at the gateway: its "servers" become the gateway's own origin ("/"), so
 * Swagger UI's "Try it out" goes through the gateway (edge authentication, CORS, tracing) and never tries the
 * service's internal address. Anything but a successful JSON document passes through untouched.
 */
@Component
public class ApiDocsServers implements RewriteFunction<byte[], byte[]> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Override
    public Publisher<byte[]> apply(ServerWebExchange exchange, byte[] body) {
        if (body == null) {
            return Mono.empty();
        }
        HttpStatusCode status = exchange.getResponse().getStatusCode();
        MediaType type = exchange.getResponse().getHeaders().getContentType();
        if (status == null || !status.is2xxSuccessful() || type == null
                || !MediaType.APPLICATION_JSON.isCompatibleWith(type)) {
            return Mono.just(body);
        }
        return Mono.just(rewrite(body));
    }

    static byte[] rewrite(byte[] body) {
        try {
            JsonNode doc = JSON.readTree(body);
            if (!(doc instanceof ObjectNode object) || !object.has("openapi")) {
                return body;
            }
            ArrayNode servers = object.putArray("servers");
            servers.addObject().put("url", "/").put("description", "LALALA gateway");
            return JSON.writeValueAsBytes(object);
        } catch (JacksonException e) {
            return body;
        }
    }
}
