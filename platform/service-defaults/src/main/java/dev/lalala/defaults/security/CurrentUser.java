package dev.lalala.defaults.security;

import dev.lalala.defaults.problem.ApiException;
import java.util.UUID;
import org.springframework.security.core.Authentication;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;

/** Who is calling: the user id is the token's {@code sub}. */
public record CurrentUser(UUID id, boolean emailVerified) {

    public static CurrentUser of(Jwt jwt) {
        try {
            return new CurrentUser(UUID.fromString(jwt.getSubject()),
                    Boolean.TRUE.equals(jwt.getClaimAsBoolean(JwtValidation.EMAIL_VERIFIED_CLAIM)));
        } catch (IllegalArgumentException e) {
            throw ApiException.unauthorized("The access token does not name a user.");
        }
    }

    public static CurrentUser of(Authentication authentication) {
        if (authentication instanceof JwtAuthenticationToken token) {
            return of(token.getToken());
        }
        throw ApiException.unauthorized("Log in first.");
    }

    /** Ownership check every write makes: only the owner may change what is theirs. */
    public void mustOwn(UUID ownerId, String what) {
        if (!id.equals(ownerId)) {
            throw ApiException.forbidden("Only the owner may change this " + what + ".");
        }
    }
}
