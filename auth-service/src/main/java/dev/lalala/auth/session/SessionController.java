package dev.lalala.auth.session;

import dev.lalala.auth.web.ClientAddress;
import dev.lalala.defaults.security.CurrentUser;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Login, refresh, logout. */
@RestController
@Tag(name = "Sessions", description = "Login, token refresh, logout")
class SessionController {

    private final Sessions sessions;
    private final ClientAddress clientAddress;
    private final RefreshCookie refreshCookie;

    SessionController(Sessions sessions, ClientAddress clientAddress, RefreshCookie refreshCookie) {
        this.sessions = sessions;
        this.clientAddress = clientAddress;
        this.refreshCookie = refreshCookie;
    }

    record LoginRequest(@NotBlank @Size(max = 254) String email, @NotBlank @Size(max = 1024) String password) {

        @Override
        public String toString() {
            return "LoginRequest[***]";
        }
    }

    /** The token may instead come in the HttpOnly cookie (see RefreshCookie); then the body may be empty. */
    record RefreshRequest(@Size(max = 200) String refreshToken) {

        @Override
        public String toString() {
            return "RefreshRequest[***]";
        }
    }

    record LogoutAllResponse(int sessionsEnded) {
    }

    @PostMapping("/api/auth/login")
    @Operation(summary = "Log in", description = """
            Wrong email and wrong password get the same 401. Repeated failures for one account or from one address \
            are slowed down, then locked for a while: 429 with Retry-After.""")
    @ApiResponse(responseCode = "200", description = "The tokens")
    @ApiResponse(responseCode = "401", description = "Wrong email or password")
    @ApiResponse(responseCode = "429", description = "Too many failures; see Retry-After")
    ResponseEntity<TokenResponse> login(@Valid @RequestBody LoginRequest request, HttpServletRequest http) {
        return answer(sessions.login(request.email(), request.password(), clientAddress.of(http)), http);
    }

    @PostMapping("/api/auth/refresh")
    @Operation(summary = "Refresh", description = """
            Exchanges a refresh token for a new access token and a new refresh token; the old one is used up. Using \
            a used-up refresh token again ends that session everywhere (it was copied).""")
    @ApiResponse(responseCode = "200", description = "The new tokens")
    @ApiResponse(responseCode = "401", description = "Unknown, expired, revoked or reused refresh token")
    ResponseEntity<TokenResponse> refresh(@Valid @RequestBody(required = false) RefreshRequest request,
            HttpServletRequest http, HttpServletResponse response) {
        String token = tokenOf(request, http);
        try {
            return answer(sessions.refresh(token), http);
        } catch (RuntimeException e) {
            // A cookie that no longer works is dropped, so the app stops presenting it.
            if (refreshCookie.read(http) != null) {
                response.addHeader(HttpHeaders.SET_COOKIE, refreshCookie.cleared());
            }
            throw e;
        }
    }

    @PostMapping("/api/auth/logout")
    @Operation(summary = "Log out (this device)", description = """
            Ends the session of the refresh token. Idempotent. With a bearer token, the session must be the \
            caller's (else 403).""")
    @ApiResponse(responseCode = "204", description = "Logged out")
    @ApiResponse(responseCode = "403", description = "The session is someone else's")
    ResponseEntity<Void> logout(@AuthenticationPrincipal Jwt jwt,
            @Valid @RequestBody(required = false) RefreshRequest request, HttpServletRequest http) {
        sessions.logout(tokenOf(request, http), jwt == null ? null : CurrentUser.of(jwt).id());
        return ResponseEntity.noContent().header(HttpHeaders.SET_COOKIE, refreshCookie.cleared()).build();
    }

    @PostMapping("/api/auth/logout-all")
    @SecurityRequirement(name = "bearer")
    @Operation(summary = "Log out everywhere", description = """
            Ends every session of the caller. Access tokens already issued keep working until they expire.""")
    @ApiResponse(responseCode = "200", description = "How many sessions ended")
    ResponseEntity<LogoutAllResponse> logoutAll(@AuthenticationPrincipal Jwt jwt) {
        return ResponseEntity.ok().header(HttpHeaders.SET_COOKIE, refreshCookie.cleared())
                .body(new LogoutAllResponse(sessions.logoutEverywhere(CurrentUser.of(jwt).id())));
    }

    /** The body's token, else the cookie's. */
    private String tokenOf(RefreshRequest request, HttpServletRequest http) {
        String fromBody = request == null ? null : request.refreshToken();
        return fromBody != null && !fromBody.isBlank() ? fromBody : refreshCookie.read(http);
    }

    /** The tokens, with the refresh token moved into the HttpOnly cookie when the client asked for it. */
    private ResponseEntity<TokenResponse> answer(TokenResponse tokens, HttpServletRequest http) {
        if (!refreshCookie.requested(http)) {
            return noStore(tokens);
        }
        TokenResponse withoutRefresh = new TokenResponse(tokens.accessToken(), null, tokens.tokenType(),
                tokens.expiresIn());
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache")
                .header(HttpHeaders.SET_COOKIE, refreshCookie.carrying(tokens.refreshToken())).body(withoutRefresh);
    }

    private static ResponseEntity<TokenResponse> noStore(TokenResponse tokens) {
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).header("Pragma", "no-cache").body(tokens);
    }
}
