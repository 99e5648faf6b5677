package dev.lalala.auth.web;

import dev.lalala.auth.AuthProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The address a request comes from, for per-address throttling. The gateway replaces any X-Forwarded-For a client
 * sends with the address it sees and adds the installation's gateway secret ({@code X-Lalala-Gateway}). The header
 * is believed only when both hold: the request comes from a trusted proxy address ({@code lalala.auth.trusted-proxies})
 * and carries the secret ({@code lalala.auth.gateway-secret}, compared in constant time); then its last entry is the
 * one the gateway wrote. Anyone else (another process on the machine included) is accounted to its own remote
 * address, whatever header it sends. Without a configured secret the header is never believed.
 */
@Component
public class ClientAddress {

    public static final String GATEWAY_SECRET_HEADER = "X-Lalala-Gateway";

    private final Set<String> trustedProxies;
    private final byte[] gatewaySecret;

    public ClientAddress(AuthProperties properties) {
        this.trustedProxies = Set.copyOf(properties.getTrustedProxies());
        String secret = properties.getGatewaySecret() == null ? "" : properties.getGatewaySecret().strip();
        this.gatewaySecret = secret.getBytes(StandardCharsets.UTF_8);
    }

    public String of(HttpServletRequest request) {
        String remote = request.getRemoteAddr();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank() || !trustedProxies.contains(remote) || !fromGateway(request)) {
            return remote;
        }
        String[] hops = forwarded.split(",");
        String last = hops[hops.length - 1].trim();
        return last.isEmpty() || last.length() > 64 ? remote : last;
    }

    private boolean fromGateway(HttpServletRequest request) {
        String presented = request.getHeader(GATEWAY_SECRET_HEADER);
        return gatewaySecret.length > 0 && presented != null
                && MessageDigest.isEqual(gatewaySecret, presented.strip().getBytes(StandardCharsets.UTF_8));
    }
}
