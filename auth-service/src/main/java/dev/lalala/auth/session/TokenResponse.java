package dev.lalala.auth.session;

import io.swagger.v3.oas.annotations.media.Schema;

/** What login and refresh answer (RFC 6749 section 5.1 names, camel-cased like the rest of the API). */
@Schema(description = "A new access token and the refresh token that replaces the one presented")
public record TokenResponse(
        @Schema(description = "JWT, RS256, about 15 minutes") String accessToken,
        @Schema(description = "Opaque; single use: every refresh returns a new one") String refreshToken,
        @Schema(example = "Bearer") String tokenType,
        @Schema(description = "Seconds the access token is valid", example = "900") long expiresIn) {

    @Override
    public String toString() {
        return "TokenResponse[tokenType=" + tokenType + ", expiresIn=" + expiresIn + "]";
    }
}
