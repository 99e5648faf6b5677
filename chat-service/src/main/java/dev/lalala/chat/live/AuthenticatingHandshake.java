package dev.lalala.chat.live;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.defaults.security.CurrentUser;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Authenticates the chat socket's handshake before the upgrade, the way streaming-service does its own (same rules,
 * same subprotocol convention): the browser offers {@code ["lalala.chat.v1", "bearer.<access token>"]}, the server
 * answers {@code lalala.chat.v1} (never the token); other clients may send {@code Authorization: Bearer}. The token
 * is checked by service-defaults' decoder (RS256, issuer, audience, expiry, revoked accounts). No token or a bad
 * one: 401 problem+json, no upgrade. A browser's Origin must be the web app's (lalala.cors.allowed-origins) or the
 * service's own; no Origin (the gateway, which checked it, or a non-browser client) passes to the token check.
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

    @Override
    public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
        if (!originAllowed(exchange)) {
            return Mono.error(new ApiException(HttpStatus.FORBIDDEN, ProblemTypes.of("origin-not-allowed"),
                    "Origin not allowed", "This origin may not open a chat socket."));
        }
        HttpHeaders headers = exchange.getRequest().getHeaders();
        List<String> protocols = offeredProtocols(headers);
        String token = token(protocols, headers.getFirst(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return Mono.error(ApiException.unauthorized("Send the access token as the subprotocol 'bearer.<token>' "
                    + "(next to '" + ChatSocketHandler.PROTOCOL + "') or as Authorization: Bearer."));
        }
        return decoder.decode(token)
                .onErrorMap(JwtException.class, e -> ApiException.unauthorized("The access token is not valid."))
                .flatMap(jwt -> {
                    CurrentUser user = CurrentUser.of(jwt);
                    Instant expiresAt = jwt.getExpiresAt();
                    // Spring matches offered subprotocols without trimming them: offer them as one tidy "a,b" list.
                    ServerWebExchange tidy = protocols.isEmpty() ? exchange : exchange.mutate()
                            .request(r -> r.headers(h -> h.set(SEC_WEBSOCKET_PROTOCOL, String.join(",", protocols))))
                            .build();
                    return super.handleRequest(tidy, authenticated(handler, user, expiresAt));
                });
    }

    private static WebSocketHandler authenticated(WebSocketHandler handler, CurrentUser user, Instant expiresAt) {
        if (handler instanceof MeteredSocketHandler metered) {
            return metered.around(authenticated(metered.delegate(), user, expiresAt));
        }
        if (!(handler instanceof ChatSocketHandler chat)) {
            return handler;
        }
        return new WebSocketHandler() {
            @Override
            public List<String> getSubProtocols() {
                return chat.getSubProtocols();
            }

            @Override
            public Mono<Void> handle(WebSocketSession session) {
                return chat.handle(session, user, expiresAt);
            }
        };
    }

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
