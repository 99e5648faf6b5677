package dev.lalala.gateway.security;

import java.net.InetSocketAddress;
import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Tells the services who is calling: {@code X-Forwarded-For} on every proxied request is the address the gateway
 * sees, replacing whatever the client sent ({@code Forwarded} is dropped too): the gateway is the edge, and a client
 * must not choose the address it is throttled as. auth-service believes the header only from the gateway
 * ({@code lalala.auth.trusted-proxies}). Runs last among the header filters, after Spring Cloud Gateway's own
 * (which remove X-Forwarded-* when no trusted proxies are configured). Behind a load balancer, its header is
 * where the client address would come from instead.
 */
@Component
public class ClientAddressFilter implements HttpHeadersFilter, Ordered {

    public static final String X_FORWARDED_FOR = "X-Forwarded-For";

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        HttpHeaders headers = new HttpHeaders();
        headers.addAll(input);
        headers.remove(X_FORWARDED_FOR);
        headers.remove("Forwarded");
        InetSocketAddress remote = exchange.getRequest().getRemoteAddress();
        if (remote != null && remote.getAddress() != null) {
            headers.set(X_FORWARDED_FOR, remote.getAddress().getHostAddress());
        }
        return headers;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
