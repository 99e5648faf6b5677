package dev.lalala.streaming.ws;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.security.CurrentUser;
import dev.lalala.defaults.problem.ProblemTypes;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.util.StringUtils;
import io.netty.channel.Channel;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;

/**
 * Authenticates the WebSocket handshake before the upgrade. A browser cannot set headers on a WebSocket, so the
 * access token may come as a subprotocol, {@code Sec-WebSocket-Protocol: lalala.stream.v1, bearer.<jwt>} (the server
 * answers {@code lalala.stream.v1}, never the token); other clients may send {@code Authorization: Bearer <jwt>}.
 * The token is validated by the service-defaults decoder (RS256, issuer, audience, expiry), like every request.
 * No token or a bad one: 401 problem+json, no upgrade.
 *
 * <p>A browser's handshake carries {@code Origin}: like the gateway's CORS, only the web app's origins
 * ({@code lalala.cors.allowed-origins}, the gateway's own property) or the service's own origin may open a socket,
 * so a page elsewhere cannot ride a user's token when the service is called directly. No Origin (a non-browser
 * client, or the gateway, which checked it and makes its own handshake) passes to the token check.
 */
public class AuthenticatingHandshake extends HandshakeWebSocketService {

    static final String TOKEN_PREFIX = "bearer.";
    private static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";

    private final ReactiveJwtDecoder decoder;
    private final Set<String> allowedOrigins;

    public AuthenticatingHandshake(RequestUpgradeStrategy upgradeStrategy, ReactiveJwtDecoder decoder,
            Collection<String> allowedOrigins) {
        super(upgradeStrategy);
        this.decoder = decoder;
        this.allowedOrigins = allowedOrigins.stream().map(AuthenticatingHandshake::normalise)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** No Origin, the service's own, or one on the list. */
    boolean originAllowed(ServerWebExchange exchange) {
        String origin = exchange.getRequest().getHeaders().getOrigin();
        if (origin == null) {
            return true;
        }
        String normalised = normalise(origin);
        if (allowedOrigins.contains(normalised)) {
            return true;
        }
        URI self = exchange.getRequest().getURI();
        return normalised.equals(normalise(self.getScheme().replace("ws", "http") + "://" + self.getAuthority()));
    }

    private static String normalise(String origin) {
        String trimmed = origin.strip().toLowerCase(Locale.ROOT);
        return trimmed.endsWith("/") ? trimmed.substring(0, trimmed.length() - 1) : trimmed;
    }

    @Override
    public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
        if (!originAllowed(exchange)) {
            return Mono.error(new ApiException(HttpStatus.FORBIDDEN, ProblemTypes.of("origin-not-allowed"),
                    "Origin not allowed", "This origin may not open a stream socket."));
        }
        HttpHeaders headers = exchange.getRequest().getHeaders();
        List<String> protocols = offeredProtocols(headers);
        String token = token(protocols, headers.getFirst(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return Mono.error(ApiException.unauthorized("Send the access token as the subprotocol 'bearer.<token>' "
                    + "(next to 'lalala.stream.v1') or as Authorization: Bearer."));
        }
        return decoder.decode(token)
                .onErrorMap(JwtException.class, e -> ApiException.unauthorized("The access token is not valid."))
                .flatMap(jwt -> {
                    CurrentUser user = CurrentUser.of(jwt);
                    Channel channel = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest())
                            instanceof Connection connection ? connection.channel() : null;
                    // Spring matches offered subprotocols without trimming them: offer them as one tidy "a,b" list.
                    ServerWebExchange tidy = protocols.isEmpty() ? exchange : exchange.mutate()
                            .request(r -> r.headers(h -> h.set(SEC_WEBSOCKET_PROTOCOL, String.join(",", protocols))))
                            .build();
                    return super.handleRequest(tidy, authenticated(handler, user, channel));
                });
    }

    /** The caller and its connection go to the handler directly (session attributes come from the WebSession). */
    private static WebSocketHandler authenticated(WebSocketHandler handler, CurrentUser user, Channel channel) {
        if (!(handler instanceof StreamSocketHandler stream)) {
            return handler;
        }
        return new WebSocketHandler() {
            @Override
            public List<String> getSubProtocols() {
                return stream.getSubProtocols();
            }

            @Override
            public Mono<Void> handle(WebSocketSession session) {
                return stream.handle(session, user, channel);
            }
        };
    }

    static List<String> offeredProtocols(HttpHeaders headers) {
        List<String> protocols = new ArrayList<>();
        for (String value : headers.getOrEmpty(SEC_WEBSOCKET_PROTOCOL)) {
            for (String protocol : StringUtils.tokenizeToStringArray(value, ",")) {
                protocols.add(protocol);
            }
        }
        return protocols;
    }

    static String token(List<String> protocols, String authorization) {
        for (String protocol : protocols) {
            if (protocol.regionMatches(true, 0, TOKEN_PREFIX, 0, TOKEN_PREFIX.length())
                    && protocol.length() > TOKEN_PREFIX.length()) {
                return protocol.substring(TOKEN_PREFIX.length());
            }
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && authorization.length() > 7) {
            return authorization.substring(7).strip();
        }
        return null;
    }
}
