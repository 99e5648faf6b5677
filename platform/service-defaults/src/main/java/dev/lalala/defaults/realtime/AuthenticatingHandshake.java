package dev.lalala.defaults.realtime;

import io.netty.channel.EventLoop;
import java.util.function.Supplier;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.defaults.security.CurrentUser;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The WebSocket handshake of the reactive services (streaming's {@code lalala.stream.v1}, chat's
 * {@code lalala.chat.v1}), authenticated before the upgrade. A browser cannot set headers on a WebSocket, so the
 * access token may come as a subprotocol, {@code Sec-WebSocket-Protocol: <protocol>, bearer.<jwt>} (the server
 * answers {@code <protocol>}, never the token); other clients may send {@code Authorization: Bearer <jwt>}. The token
 * is validated by the service-defaults decoder (RS256, issuer, audience, expiry, revoked accounts), like every request.
 * No token or a bad one: 401 problem+json, no upgrade.
 *
 * <p>A browser's handshake carries {@code Origin}: like the gateway's CORS, only the web app's origins
 * ({@code lalala.cors.allowed-origins}, the gateway's own property) or the service's own origin may open a socket, so
 * a page elsewhere cannot ride a user's token when the service is called directly: 403 problem+json. No Origin (a
 * non-browser client, or the gateway, which checked it and makes its own handshake) passes to the token check.
 *
 * <p>The service decides what its handler learns of the caller ({@link Authenticated}): the user, the token (its
 * expiry), the exchange (the connection).
 */
public class AuthenticatingHandshake extends HandshakeWebSocketService {

    static final String TOKEN_PREFIX = "bearer.";
    private static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";

    /** Who opened the socket, and how. */
    public record Caller(CurrentUser user, Jwt token, ServerWebExchange exchange) {
    }

    /** Turns the mapped handler into one that knows the caller (session attributes come from the WebSession). */
    @FunctionalInterface
    public interface Authenticated {
        WebSocketHandler handler(WebSocketHandler mapped, Caller caller);
    }

    private final ReactiveJwtDecoder decoder;
    private final Set<String> allowedOrigins;
    private final String protocol;
    private final String socketName;
    private final Authenticated authenticated;

    /**
     * @param protocol the service's subprotocol, named in the 401's detail
     * @param socketName what the socket is called in the 403's detail ("stream", "chat")
     */
    public AuthenticatingHandshake(RequestUpgradeStrategy upgradeStrategy, ReactiveJwtDecoder decoder,
            Collection<String> allowedOrigins, String protocol, String socketName, Authenticated authenticated) {
        super(upgradeStrategy);
        this.decoder = decoder;
        this.allowedOrigins = allowedOrigins.stream().map(AuthenticatingHandshake::normalise)
                .collect(Collectors.toUnmodifiableSet());
        this.protocol = protocol;
        this.socketName = socketName;
        this.authenticated = authenticated;
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
                    "Origin not allowed", "This origin may not open a " + socketName + " socket."));
        }
        HttpHeaders headers = exchange.getRequest().getHeaders();
        List<String> protocols = offeredProtocols(headers);
        String token = token(protocols, headers.getFirst(HttpHeaders.AUTHORIZATION));
        if (token == null) {
            return Mono.error(ApiException.unauthorized("Send the access token as the subprotocol 'bearer.<token>' "
                    + "(next to '" + protocol + "') or as Authorization: Bearer."));
        }
        return decoder.decode(token)
                .onErrorMap(JwtException.class, e -> ApiException.unauthorized("The access token is not valid."))
                .flatMap(jwt -> {
                    Caller caller = new Caller(CurrentUser.of(jwt), jwt, exchange);
                    // Spring matches offered subprotocols without trimming them: offer them as one tidy "a,b" list.
                    ServerWebExchange tidy = protocols.isEmpty() ? exchange : exchange.mutate()
                            .request(r -> r.headers(h -> h.set(SEC_WEBSOCKET_PROTOCOL, String.join(",", protocols))))
                            .build();
                    return onConnectionLoop(exchange,
                            () -> super.handleRequest(tidy, authenticated.handler(handler, caller)));
                });
    }

    /**
     * Runs the upgrade on the connection's own event loop. The token check may finish on another thread (a JWKS
     * fetch answers on a client loop); upgrading from there let a frame the client sent right after the 101 go
     * unread now and again: the socket said hello and never answered its first frame (RoomsLiveIT, about one run in
     * two).
     */
    static Mono<Void> onConnectionLoop(ServerWebExchange exchange, Supplier<Mono<Void>> upgrade) {
        Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        if (request instanceof Connection connection) {
            EventLoop loop = connection.channel().eventLoop();
            if (!loop.inEventLoop()) {
                return Mono.defer(upgrade).subscribeOn(Schedulers.fromExecutor(loop));
            }
        }
        return Mono.defer(upgrade);
    }

    static List<String> offeredProtocols(HttpHeaders headers) {
        List<String> protocols = new ArrayList<>();
        for (String value : headers.getOrEmpty(SEC_WEBSOCKET_PROTOCOL)) {
            for (String offered : StringUtils.tokenizeToStringArray(value, ",")) {
                protocols.add(offered);
            }
        }
        return protocols;
    }

    static String token(List<String> protocols, String authorization) {
        for (String offered : protocols) {
            if (offered.regionMatches(true, 0, TOKEN_PREFIX, 0, TOKEN_PREFIX.length())
                    && offered.length() > TOKEN_PREFIX.length()) {
                return offered.substring(TOKEN_PREFIX.length());
            }
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                && authorization.length() > 7) {
            return authorization.substring(7).strip();
        }
        return null;
    }
}
