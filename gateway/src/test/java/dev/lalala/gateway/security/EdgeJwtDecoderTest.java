package dev.lalala.gateway.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import java.util.List;

class EdgeJwtDecoderTest {

    @Test
    void keysThatCannotBeFetchedAreAnUnavailableAuthService() {
        assertThat(EdgeJwtDecoder.keysUnreachable(
                new IllegalStateException("Could not obtain the keys", new ConnectException("refused")))).isTrue();
        assertThat(EdgeJwtDecoder.keysUnreachable(new TimeoutException())).isTrue();
    }

    @Test
    void aBadTokenIsABadToken() {
        assertThat(EdgeJwtDecoder.keysUnreachable(new BadJwtException("Signed JWT rejected"))).isFalse();
        assertThat(EdgeJwtDecoder.keysUnreachable(
                new JwtValidationException("expired", List.of(new OAuth2Error("invalid_token"))))).isFalse();
        assertThat(EdgeJwtDecoder.keysUnreachable(new IllegalArgumentException("nope"))).isFalse();
    }
}
