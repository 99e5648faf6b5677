package dev.lalala.auth.session;

import dev.lalala.auth.AuthProperties;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseCookie;
import org.springframework.stereotype.Component;

/**
 * The refresh token in a cookie, for the web app: {@code HttpOnly} (no script can read it, so an injected script
 * cannot steal the session), {@code SameSite=Strict} (no other site can make the browser send it), path
 * {@code /api/auth} (it travels only to login, refresh and logout) and {@code Secure} (browsers accept it on
 * {@code http://localhost} and {@code http://127.0.0.1} too; {@code lalala.auth.refresh-cookie-secure=false} only
 * for trying the app over plain http on another host).
 *
 * <p>A client asks for it with {@code X-Refresh-Token-Transport: cookie} on login and refresh: the answer then sets
 * the cookie and leaves {@code refreshToken} out of the JSON. Refresh and logout accept the cookie when the body has
 * no token. Other clients keep using the JSON field as before.
 */
@Component
class RefreshCookie {

    static final String NAME = "lalala_refresh";
    static final String TRANSPORT_HEADER = "X-Refresh-Token-Transport";
    static final String PATH = "/api/auth";

    private final Duration lifetime;
    private final boolean secure;

    RefreshCookie(AuthProperties properties,
            @Value("${lalala.auth.refresh-cookie-secure:true}") boolean secure) {
        this.lifetime = properties.getRefreshTokenLifetime();
        this.secure = secure;
    }

    /** Whether the client wants the refresh token as a cookie rather than in the body. */
    boolean requested(HttpServletRequest request) {
        return "cookie".equalsIgnoreCase(request.getHeader(TRANSPORT_HEADER));
    }

    /** The token from the cookie, or null. */
    String read(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return null;
        }
        for (Cookie cookie : cookies) {
            if (NAME.equals(cookie.getName()) && !cookie.getValue().isBlank()) {
                return cookie.getValue();
            }
        }
        return null;
    }

    /** A Set-Cookie value carrying the token. */
    String carrying(String refreshToken) {
        return base(refreshToken).maxAge(lifetime).build().toString();
    }

    /** A Set-Cookie value that removes the cookie. */
    String cleared() {
        return base("").maxAge(Duration.ZERO).build().toString();
    }

    private ResponseCookie.ResponseCookieBuilder base(String value) {
        return ResponseCookie.from(NAME, value).httpOnly(true).secure(secure).sameSite("Strict").path(PATH);
    }
}
