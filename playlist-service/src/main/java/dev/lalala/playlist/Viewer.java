package dev.lalala.playlist;

import dev.lalala.defaults.security.CurrentUser;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Who is looking, on routes anyone may call: a user when the request carried a valid token, else nobody. */
public final class Viewer {

    private Viewer() {
    }

    public static Optional<UUID> current() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof JwtAuthenticationToken token) {
            return Optional.of(CurrentUser.of(token.getToken()).id());
        }
        return Optional.empty();
    }
}
