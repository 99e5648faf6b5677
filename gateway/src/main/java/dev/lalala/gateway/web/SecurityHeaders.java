package dev.lalala.gateway.web;

import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Browser security headers on every response of the gateway: the app, the API (proxied or the gateway's own
 * problems), Swagger UI. Set just before the response is committed, so they replace whatever a service sent and
 * are there on errors too.
 *
 * <p>The policy fits the web app: its scripts and styles are files from this origin (no inline script; Vite's
 * module preload polyfill is off), the player's WebSocket goes to this origin ({@code connect-src 'self'} covers
 * ws/wss of the same host), audio is decoded from fetched bytes (Web Audio needs no directive), covers may be shown
 * from {@code blob:} URLs before upload, and no one may frame it. {@code 'wasm-unsafe-eval'} lets the player use a
 * WebAssembly decoder; it allows no JavaScript eval. Swagger UI gets inline styles, which it needs.
 */
@Component
public class SecurityHeaders implements WebFilter, Ordered {

    static final String APP_POLICY = String.join("; ",
            "default-src 'self'",
            "script-src 'self' 'wasm-unsafe-eval'",
            "style-src 'self'",
            "img-src 'self' data: blob:",
            "media-src 'self' blob:",
            "font-src 'self'",
            "connect-src 'self'",
            "worker-src 'self' blob:",
            "manifest-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'");

    static final String DOCS_POLICY = APP_POLICY.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        exchange.getResponse().beforeCommit(() -> {
            HttpHeaders headers = exchange.getResponse().getHeaders();
            headers.set("Content-Security-Policy", isDocs(path) ? DOCS_POLICY : APP_POLICY);
            headers.set("X-Content-Type-Options", "nosniff");
            // Reset and verification links carry a token in the URL: never send it anywhere as a referrer.
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("X-Frame-Options", "DENY");
            headers.set("Cross-Origin-Opener-Policy", "same-origin");
            headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
            return Mono.empty();
        });
        return chain.filter(exchange);
    }

    private static boolean isDocs(String path) {
        return path.startsWith("/swagger-ui") || path.startsWith("/webjars/") || path.startsWith("/v3/api-docs");
    }

    @Override
    public int getOrder() {
        // Before Spring Security's filter, so its own rejections (401, CORS 403) carry the headers too.
        return Ordered.HIGHEST_PRECEDENCE + 10;
    }
}
