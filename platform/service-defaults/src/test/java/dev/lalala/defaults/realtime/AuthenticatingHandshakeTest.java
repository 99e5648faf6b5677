package dev.lalala.defaults.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lalala.defaults.problem.ApiException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.web.reactive.socket.server.upgrade.ReactorNettyRequestUpgradeStrategy;
import reactor.core.publisher.Mono;

/** The shared handshake of streaming and chat: where the token is taken from, which origins pass, what is refused. */
class AuthenticatingHandshakeTest {

    final AuthenticatingHandshake handshake = new AuthenticatingHandshake(new ReactorNettyRequestUpgradeStrategy(),
            token -> Mono.error(new BadJwtException("bad")), List.of("http://localhost:5173/"), "lalala.test.v1",
            "test", (handler, caller) -> handler);

    @Test
    void theTokenComesFromTheBearerSubprotocolElseTheAuthorizationHeader() {
        HttpHeaders headers = new HttpHeaders();
        headers.add("Sec-WebSocket-Protocol", "lalala.test.v1, bearer.abc.def");
        List<String> offered = AuthenticatingHandshake.offeredProtocols(headers);
        assertThat(offered).containsExactly("lalala.test.v1", "bearer.abc.def");
        assertThat(AuthenticatingHandshake.token(offered, "Bearer other")).isEqualTo("abc.def");
        assertThat(AuthenticatingHandshake.token(List.of("lalala.test.v1"), "bearer  xyz ")).isEqualTo("xyz");
        assertThat(AuthenticatingHandshake.token(List.of("lalala.test.v1", "bearer."), null)).isNull();
        assertThat(AuthenticatingHandshake.token(List.of(), "Basic dXNlcg==")).isNull();
    }

    @Test
    void browsersOnlyFromTheWebAppOrTheServiceItself() {
        assertThat(handshake.originAllowed(exchange(null))).as("no Origin: not a browser").isTrue();
        assertThat(handshake.originAllowed(exchange("http://LOCALHOST:5173"))).isTrue();
        assertThat(handshake.originAllowed(exchange("http://127.0.0.1:8086"))).as("its own origin").isTrue();
        assertThat(handshake.originAllowed(exchange("https://evil.example"))).isFalse();
    }

    @Test
    void aForeignOriginIs403AndAMissingOrBadTokenIs401BeforeAnyUpgrade() {
        assertThatThrownBy(() -> handshake.handleRequest(exchange("https://evil.example"), null).block())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(403);
                    assertThat(e.getMessage()).contains("test socket");
                });
        assertThatThrownBy(() -> handshake.handleRequest(exchange(null), null).block())
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status().value()).isEqualTo(401);
                    assertThat(e.getMessage()).contains("bearer.<token>", "lalala.test.v1");
                });
        MockServerWebExchange badToken = MockServerWebExchange.from(MockServerHttpRequest
                .method(HttpMethod.GET, URI.create("ws://127.0.0.1:8086/ws"))
                .header("Sec-WebSocket-Protocol", "lalala.test.v1, bearer.not-a-jwt").build());
        assertThatThrownBy(() -> handshake.handleRequest(badToken, null).block())
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(401));
    }

    static MockServerWebExchange exchange(String origin) {
        MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.method(HttpMethod.GET,
                URI.create("ws://127.0.0.1:8086/ws"));
        if (origin != null) {
            request.header(HttpHeaders.ORIGIN, origin);
        }
        return MockServerWebExchange.from(request.build());
    }
}
