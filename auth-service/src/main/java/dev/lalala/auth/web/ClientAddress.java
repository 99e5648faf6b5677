package dev.lalala.auth.web;

import dev.lalala.auth.AuthProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.stereotype.Component;

/**
 * The address a request comes from, for per-address throttling. The gateway replaces any X-Forwarded-For a client
 * sends with the address it sees, so the header is believed only when the request comes from a trusted proxy (the
 * gateway: {@code lalala.auth.trusted-proxies}); then its last entry is the one the gateway wrote. Anyone else is
 * accounted to their own remote address, whatever header they send.
 */
@Component
public class ClientAddress {

    private final Set<String> trustedProxies;

    public ClientAddress(AuthProperties properties) {
        this.trustedProxies = Set.copyOf(properties.getTrustedProxies());
    }

    public String of(HttpServletRequest request) {
        String remote = request.getRemoteAddr();
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded == null || forwarded.isBlank() || !trustedProxies.contains(remote)) {
            return remote;
        }
        String[] hops = forwarded.split(",");
        String last = hops[hops.length - 1].trim();
        return last.isEmpty() || last.length() > 64 ? remote : last;
    }
}
