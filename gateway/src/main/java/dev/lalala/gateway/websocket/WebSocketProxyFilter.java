package dev.lalala.gateway.websocket;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.gateway.routing.DownstreamFailures;
import dev.lalala.gateway.routing.EdgeProperties;
import dev.lalala.gateway.routing.ServiceRoutes;
import io.micrometer.observation.Observation;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.WebsocketRoutingFilter;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.cloud.gateway.route.Route;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.channel.ChannelOperations;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.http.websocket.WebsocketInbound;

/**
 * Proxies WebSocket upgrades, the service's handshake first, then relays frames at the Netty level ({@link FrameRelay}:
 * no Spring or Reactor signal per frame, no copy, honest close codes when the service goes away): the gateway connects to the service, and only once the
 * service accepted does it upgrade the client, with exactly the subprotocol the service chose. So a token sent as a
 * subprotocol reaches the service, the client gets the service's choice back, and a service that is down or refuses
 * the handshake gives the client a problem+json answer (503, 504, or the service's 4xx) before any upgrade, instead
 * of a socket that opens and dies at once (which is what Spring Cloud Gateway's own WebsocketRoutingFilter does; it
 * also answers the client with the first offered subprotocol, whatever the service chose).
 *
 * <p>Runs just before {@link WebsocketRoutingFilter} and handles every upgrade request routed to ws(s):// or
 * http(s)://, so that filter only sees what this one leaves alone.
 */
@Component
public class WebSocketProxyFilter implements GlobalFilter, Ordered {

    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 2;

    private static final Logger log = LoggerFactory.getLogger(WebSocketProxyFilter.class);
    private static final String SEC_WEBSOCKET_PROTOCOL = "Sec-WebSocket-Protocol";

    private final HttpClient httpClient;
    private final int maxFramePayloadLength;
    private final WebSocketService webSocketService;
    private final ObjectProvider<List<HttpHeadersFilter>> headersFilters;
    private final Duration handshakeTimeout;
    private final WebSocketRelayMetrics metrics;

    /**
     * @param httpClient Spring Cloud Gateway's client towards the services (its connect timeout, tracing, metrics)
     */
    public WebSocketProxyFilter(HttpClient httpClient, HttpClientProperties clientProperties,
            WebSocketService webSocketService, ObjectProvider<List<HttpHeadersFilter>> headersFilters,
            EdgeProperties edge, WebSocketRelayMetrics metrics) {
        this.httpClient = httpClient;
        this.maxFramePayloadLength = clientProperties.getWebsocket().getMaxFramePayloadLength() != null
                ? clientProperties.getWebsocket().getMaxFramePayloadLength() : 65536;
        this.webSocketService = webSocketService;
        this.headersFilters = headersFilters;
        this.handshakeTimeout = edge.getWebsocketHandshakeTimeout();
        this.metrics = metrics;
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (ServerWebExchangeUtils.isAlreadyRouted(exchange)
                || !"websocket".equalsIgnoreCase(exchange.getRequest().getHeaders().getUpgrade())) {
            return chain.filter(exchange);
        }
        URI requestUrl = exchange.getRequiredAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
        URI backendUrl = toWebSocketUrl(requestUrl);
        if (backendUrl == null) {
            return chain.filter(exchange);
        }
        ServerWebExchangeUtils.setAlreadyRouted(exchange);
        String service = serviceName(exchange, backendUrl);
        List<String> protocols = requestedProtocols(exchange.getRequest().getHeaders());
        HttpHeaders headers = backendHeaders(exchange);

        AtomicBoolean handshaken = new AtomicBoolean();
        Connection clientConnection = clientConnection(exchange);
        WebsocketClientSpec.Builder spec = WebsocketClientSpec.builder()
                .maxFramePayloadLength(maxFramePayloadLength)
                // Pings reach the relay, which answers them. No permessage-deflate: audio does not compress.
                .handlePing(true)
                .compress(false);
        if (!protocols.isEmpty()) {
            spec.protocols(String.join(",", protocols));
        }
        Mono<Void> backend = httpClient
                .headers(h -> headers.forEach(h::add))
                .websocket(spec.build())
                .uri(backendUrl)
                .handle((in, out) -> {
                    handshaken.set(true);
                    Channel backendChannel = channelOf(in);
                    String chosen = in.selectedSubprotocol();
                    AtomicBoolean relaying = new AtomicBoolean();
                    // A client that leaves between its 101 and the relay's start never reaches the relay: the
                    // service's side must not stay open for it.
                    clientConnection.channel().closeFuture().addListener(closed -> {
                        if (!relaying.get() && backendChannel.isActive()) {
                            backendChannel.writeAndFlush(new CloseWebSocketFrame(FrameRelay.GOING_AWAY,
                                    "client went away")).addListener(ChannelFutureListener.CLOSE);
                        }
                    });
                    // The client is upgraded on its own connection's event loop: from the service connection's
                    // thread, frames the client sends right after the 101 could reach the old HTTP handler and be
                    // lost. The relay then runs until both connections are closed.
                    return Mono.defer(() -> webSocketService.handleRequest(withTidyProtocols(exchange, protocols),
                                    new ClientSide(clientConnection, backendChannel, in, chosen, service, metrics, relaying,
                                            maxFramePayloadLength)))
                            .subscribeOn(eventLoopOf(clientConnection))
                            .doOnError(error -> backendChannel.close())
                            .then(FrameRelay.closed(backendChannel));
                })
                .then();
        // Once both sides are upgraded the relay owns both connections: the server cancels this exchange when the
        // client's connection drops, and that cancel must not reach the service's connection (Reactor Netty would
        // end it with an empty close frame, 1005, before the relay says 1001). Before the handshake, a cancel (the
        // client gone, the watchdog) does abandon the attempt.
        Mono<Void> proxy = Mono.deferContextual(context -> {
            Sinks.Empty<Void> done = Sinks.empty();
            Disposable attempt = backend.contextWrite(context).subscribe(null, done::tryEmitError, done::tryEmitEmpty);
            return done.asMono().doOnCancel(() -> {
                if (!handshaken.get()) {
                    attempt.dispose();
                }
            });
        });
        Mono<Void> handshakeWatchdog = Mono.delay(handshakeTimeout)
                .then(Mono.defer(() -> handshaken.get() ? Mono.<Void>never()
                        : Mono.error(new TimeoutException("WebSocket handshake with " + service + " timed out"))));

        return Mono.firstWithSignal(proxy, handshakeWatchdog)
                .onErrorResume(error -> {
                    if (exchange.getResponse().isCommitted()) {
                        log.debug("WebSocket proxy to {} ended with {}", service, error.toString());
                        return Mono.empty();
                    }
                    return Mono.error(toProblem(error, service));
                })
                .doFinally(signal -> stopClientObservation(exchange));
    }

    private Throwable toProblem(Throwable error, String service) {
        if (error instanceof WebSocketClientHandshakeException refused && refused.response() != null) {
            int status = refused.response().status().code();
            if (status >= 400 && status < 500) {
                HttpStatus known = HttpStatus.resolve(status);
                return new ApiException(known != null ? known : HttpStatus.BAD_REQUEST,
                        ProblemTypes.forStatus(known != null ? known : HttpStatus.BAD_REQUEST),
                        known != null ? known.getReasonPhrase() : "Handshake refused",
                        service + " refused the WebSocket handshake").with("service", service);
            }
            return DownstreamFailures.unavailable(service);
        }
        DownstreamFailures.Kind kind = DownstreamFailures.classify(error);
        if (kind == null) {
            return error;
        }
        return DownstreamFailures.problem(kind, service, handshakeTimeout);
    }

    /** The client's side: upgraded only after the service's side, then relayed to it frame by frame. */
    private static final class ClientSide implements WebSocketHandler {

        private final Connection clientConnection;
        private final Channel backendChannel;
        private final WebsocketInbound backendInbound;
        private final List<String> chosen;
        private final String service;
        private final WebSocketRelayMetrics metrics;
        private final AtomicBoolean relaying;
        private final int maxFramePayloadLength;

        ClientSide(Connection clientConnection, Channel backendChannel, WebsocketInbound backendInbound,
                String chosen, String service, WebSocketRelayMetrics metrics, AtomicBoolean relaying,
                int maxFramePayloadLength) {
            this.maxFramePayloadLength = maxFramePayloadLength;
            this.relaying = relaying;
            this.clientConnection = clientConnection;
            this.backendChannel = backendChannel;
            this.backendInbound = backendInbound;
            this.chosen = StringUtils.hasText(chosen) ? List.of(chosen) : List.of();
            this.service = service;
            this.metrics = metrics;
        }

        @Override
        public List<String> getSubProtocols() {
            return chosen;
        }

        @Override
        public Mono<Void> handle(WebSocketSession session) {
            // The same channel as the HTTP request's, now with Reactor Netty's WebSocket operations on it.
            Channel clientChannel = clientConnection.channel();
            if (!(ChannelOperations.get(clientChannel) instanceof WebsocketInbound clientInbound)) {
                backendChannel.close();
                return Mono.error(new IllegalStateException("the client's connection was not upgraded"));
            }
            relaying.set(true);
            return FrameRelay.start(clientChannel, clientInbound, backendChannel, backendInbound, service, metrics,
                    maxFramePayloadLength);
        }
    }

    /** Codes an endpoint may send in a close frame pass as they are; the others become a protocol error. */
    static CloseStatus forwardable(CloseStatus status) {
        int code = status.getCode();
        if (code >= 3000 && code < 5000) {
            return status;
        }
        return switch (code) {
            case 1000, 1001, 1002, 1003, 1007, 1008, 1009, 1010, 1011, 1012, 1013, 1014 -> status;
            default -> CloseStatus.PROTOCOL_ERROR;
        };
    }

    /** {@link #forwardable(CloseStatus)} for a bare code. */
    static int forwardable(int code) {
        return forwardable(new CloseStatus(code)).getCode();
    }

    static URI toWebSocketUrl(URI requestUrl) {
        String scheme = requestUrl.getScheme() == null ? "" : requestUrl.getScheme().toLowerCase(Locale.ROOT);
        String ws = switch (scheme) {
            case "ws", "http" -> "ws";
            case "wss", "https" -> "wss";
            default -> null;
        };
        if (ws == null) {
            return null;
        }
        if (ws.equals(scheme)) {
            return requestUrl;
        }
        boolean encoded = ServerWebExchangeUtils.containsEncodedParts(requestUrl);
        return UriComponentsBuilder.fromUri(requestUrl).scheme(ws).build(encoded).toUri();
    }

    static List<String> requestedProtocols(HttpHeaders headers) {
        List<String> protocols = new ArrayList<>();
        for (String value : headers.getOrEmpty(SEC_WEBSOCKET_PROTOCOL)) {
            Arrays.stream(StringUtils.tokenizeToStringArray(value, ",")).forEach(protocols::add);
        }
        return protocols;
    }

    /** The client's connection (Reactor Netty's request is one). */
    private static Connection clientConnection(ServerWebExchange exchange) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        if (nativeRequest instanceof Connection connection) {
            return connection;
        }
        throw new IllegalStateException("WebSocket proxying needs Reactor Netty, not " + nativeRequest.getClass());
    }

    /** The event loop of the client's connection, where its upgrade must happen. */
    private static Scheduler eventLoopOf(Connection connection) {
        return Schedulers.fromExecutor(connection.channel().eventLoop());
    }

    private static Channel channelOf(WebsocketInbound inbound) {
        Channel[] channel = new Channel[1];
        inbound.withConnection(connection -> channel[0] = connection.channel());
        return channel[0];
    }

    /**
     * The client's offer as one "a,b" value: Spring's handshake matches the offered subprotocols without trimming
     * them, so the second one of a browser's "a, b" would never match the one the service chose.
     */
    private static ServerWebExchange withTidyProtocols(ServerWebExchange exchange, List<String> protocols) {
        if (protocols.isEmpty()) {
            return exchange;
        }
        return exchange.mutate()
                .request(request -> request.headers(h -> h.set(SEC_WEBSOCKET_PROTOCOL, String.join(",", protocols))))
                .build();
    }

    /**
     * The client's headers as Spring Cloud Gateway's header filters leave them (hop-by-hop headers removed,
     * X-Forwarded-* and traceparent added), without Host and the client's own handshake headers: the gateway
     * makes its own handshake with the service, offering the client's subprotocols.
     */
    private HttpHeaders backendHeaders(ServerWebExchange exchange) {
        HttpHeaders filtered = HttpHeadersFilter.filterRequest(headersFilters.getIfAvailable(List::of), exchange);
        HttpHeaders headers = new HttpHeaders();
        filtered.forEach((name, values) -> {
            String lower = name.toLowerCase(Locale.ROOT);
            // Origin was checked here (CORS); the service sees the gateway's handshake, not the browser's.
            if (!lower.startsWith("sec-websocket") && !lower.equals("host") && !lower.equals("origin")) {
                headers.addAll(name, values);
            }
        });
        return headers;
    }

    private static String serviceName(ServerWebExchange exchange, URI backendUrl) {
        Route route = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_ROUTE_ATTR);
        Object name = route == null ? null : route.getMetadata().get(ServiceRoutes.SERVICE_ATTR);
        return name != null ? name.toString() : backendUrl.getHost();
    }

    /** The gateway's client span for this call, started by the header filters; a WebSocket has no response filter. */
    private static void stopClientObservation(ServerWebExchange exchange) {
        Observation observation = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_OBSERVATION_ATTR);
        if (observation != null && exchange.getAttributes().putIfAbsent("gateway.observation.stopped", "true") == null) {
            observation.stop();
        }
    }
}
