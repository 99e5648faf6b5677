package dev.lalala.defaults.security;

import java.util.Optional;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/**
 * Who is looking, on routes anyone may call: a user when the request carried a valid token, else nobody. Routes that
 * need a user take {@link CurrentUser} instead; reactive services use {@link ReactiveViewer}.
 */
public final class Viewer {

    private Viewer() {
    }

    /** The caller of the current servlet request (thread-bound security context). */
    public static Optional<UUID> current() {
        return of(SecurityContextHolder.getContext().getAuthentication());
    }

    /** The user an authentication names, if it is a valid access token. */
    public static Optional<UUID> of(Authentication authentication) {
        if (authentication instanceof JwtAuthenticationToken token) {
            return Optional.of(CurrentUser.of(token.getToken()).id());
        }
        return Optional.empty();
    }
}
