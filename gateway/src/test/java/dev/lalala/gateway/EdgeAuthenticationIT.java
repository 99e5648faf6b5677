package dev.lalala.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.RSAKey;
import dev.lalala.gateway.support.Jwks;
import java.time.Instant;
import java.util.Date;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * A bearer token presented at the gateway must be valid, or the request ends there with a 401 problem and never
 * reaches the service. A valid token travels on unchanged.
 */
class EdgeAuthenticationIT extends LiveFleetTestBase {

    @Test
    void aValidTokenIsForwarded() {
        String token = FLEET.jwks().token();
        String path = "/api/users/" + UUID.randomUUID();
        http().get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token).exchange()
                .expectStatus().isOk();
        assertThat(FLEET.service("user").seenPath(path)).singleElement()
                .satisfies(seen -> assertThat(seen.header("authorization")).isEqualTo("Bearer " + token));
    }

    @Test
    void garbageIsRejectedAtTheEdge() {
        rejected("not-a-jwt");
    }

    @Test
    void aTokenSignedByAnUnknownKeyIsRejectedAtTheEdge() {
        RSAKey stranger = Jwks.newKey();
        rejected(Jwks.sign(stranger, stranger.getKeyID(), Jwks.claims(UUID.randomUUID()).build()));
    }

    @Test
    void aForgedTokenClaimingOurKeyIsRejectedAtTheEdge() {
        RSAKey stranger = Jwks.newKey();
        rejected(Jwks.sign(stranger, FLEET.jwks().key().getKeyID(), Jwks.claims(UUID.randomUUID()).build()));
    }

    @Test
    void anExpiredTokenIsRejectedAtTheEdge() {
        rejected(FLEET.jwks().token(c -> c.expirationTime(Date.from(Instant.now().minusSeconds(600)))));
    }

    @Test
    void aTokenForAnotherAudienceIsRejectedAtTheEdge() {
        rejected(FLEET.jwks().token(c -> c.audience("someone-else")));
    }

    private void rejected(String token) {
        String path = "/api/users/" + UUID.randomUUID();
        http().post().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .contentType(MediaType.APPLICATION_JSON).bodyValue("{\"displayName\":\"x\"}")
                .exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().value(HttpHeaders.WWW_AUTHENTICATE, v -> assertThat(v).startsWith("Bearer"))
                .expectBody()
                .jsonPath("$.type").isEqualTo("https://lalala.dev/problems/unauthorized")
                .jsonPath("$.status").isEqualTo(401);
        assertThat(FLEET.service("user").seenPath(path)).as("never forwarded").isEmpty();
    }
}
