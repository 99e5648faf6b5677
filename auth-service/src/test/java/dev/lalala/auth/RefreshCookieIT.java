package dev.lalala.auth;

import static dev.lalala.auth.support.Http.body;
import static dev.lalala.auth.support.Http.json;
import static org.assertj.core.api.Assertions.assertThat;

import dev.lalala.auth.support.Http;
import dev.lalala.infra.Component;
import dev.lalala.infra.test.LocalInfra;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The web app's refresh token travels in an HttpOnly, Secure, SameSite=Strict cookie on /api/auth when it asks for
 * it (X-Refresh-Token-Transport: cookie): never in the JSON, accepted by refresh and logout, removed on logout.
 */
@LocalInfra(value = {Component.MARIADB, Component.KAFKA, Component.MAIL}, databases = "auth")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RefreshCookieIT {

    static final String PASSWORD = "cookie jar passphrase 9";
    static final String[] COOKIE_MODE = {"X-Refresh-Token-Transport", "cookie"};

    @LocalServerPort int port;
    Http http;
    String email;

    @BeforeEach
    void signUp() {
        http = new Http(port);
        email = "cookie." + UUID.randomUUID() + "@example.com";
        HttpResponse<String> created = http.post("/api/auth/signup",
                body("email", email, "password", PASSWORD, "displayName", "Cookie Jar"));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    }

    @Test
    void loginInCookieModeSetsAHardenedCookieAndKeepsTheTokenOutOfTheBody() {
        HttpResponse<String> login = http.post("/api/auth/login", body("email", email, "password", PASSWORD),
                COOKIE_MODE);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        JsonNode tokens = json(login);
        assertThat(tokens.path("accessToken").asString()).isNotBlank();
        assertThat(tokens.path("refreshToken").isNull() || tokens.path("refreshToken").isMissingNode()).isTrue();

        String cookie = setCookie(login);
        assertThat(cookie).startsWith("lalala_refresh=").contains("Path=/api/auth").contains("HttpOnly")
                .contains("Secure").contains("SameSite=Strict").contains("Max-Age=2592000");
        assertThat(login.body()).doesNotContain(valueOf(cookie));
    }

    @Test
    void refreshTakesTheCookieRotatesItAndRefusesTheOldOne() {
        String first = valueOf(setCookie(loginWithCookie()));

        HttpResponse<String> refreshed = http.post("/api/auth/refresh", null,
                "Cookie", "lalala_refresh=" + first, COOKIE_MODE[0], COOKIE_MODE[1]);
        assertThat(refreshed.statusCode()).as(refreshed.body()).isEqualTo(200);
        assertThat(json(refreshed).path("accessToken").asString()).isNotBlank();
        String second = valueOf(setCookie(refreshed));
        assertThat(second).isNotBlank().isNotEqualTo(first);

        // The used-up cookie is refused (and, being reuse, ends the session): the answer drops the cookie.
        HttpResponse<String> reused = http.post("/api/auth/refresh", null, "Cookie", "lalala_refresh=" + first);
        assertThat(reused.statusCode()).isEqualTo(401);
        assertThat(setCookie(reused)).contains("Max-Age=0");
        HttpResponse<String> afterReuse = http.post("/api/auth/refresh", null, "Cookie", "lalala_refresh=" + second);
        assertThat(afterReuse.statusCode()).isEqualTo(401);
    }

    @Test
    void withoutCookieOrBodyTheRefreshIsA401Problem() {
        HttpResponse<String> response = http.post("/api/auth/refresh", null);
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
    }

    @Test
    void logoutWithTheCookieEndsTheSessionAndClearsTheCookie() {
        String token = valueOf(setCookie(loginWithCookie()));
        HttpResponse<String> logout = http.post("/api/auth/logout", null, "Cookie", "lalala_refresh=" + token);
        assertThat(logout.statusCode()).isEqualTo(204);
        assertThat(setCookie(logout)).startsWith("lalala_refresh=;").contains("Max-Age=0").contains("Path=/api/auth");
        assertThat(http.post("/api/auth/refresh", null, "Cookie", "lalala_refresh=" + token).statusCode())
                .isEqualTo(401);
    }

    @Test
    void clientsWithoutTheHeaderStillGetTheTokenInTheBody() {
        HttpResponse<String> login = http.post("/api/auth/login", body("email", email, "password", PASSWORD));
        assertThat(json(login).path("refreshToken").asString()).isNotBlank();
        assertThat(login.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith("lalala_refresh="));
    }

    private HttpResponse<String> loginWithCookie() {
        HttpResponse<String> login = http.post("/api/auth/login", body("email", email, "password", PASSWORD),
                COOKIE_MODE);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        return login;
    }

    private static String setCookie(HttpResponse<String> response) {
        List<String> cookies = response.headers().allValues("Set-Cookie");
        return cookies.stream().filter(c -> c.startsWith("lalala_refresh=")).findFirst()
                .orElseThrow(() -> new AssertionError("no lalala_refresh cookie in " + cookies));
    }

    private static String valueOf(String setCookie) {
        return setCookie.substring("lalala_refresh=".length(), setCookie.indexOf(';'));
    }
}
