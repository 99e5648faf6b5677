package dev.lalala.auth.keys;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The public keys every service validates access tokens with. */
@RestController
@Tag(name = "Keys", description = "The keys access tokens are signed with")
class JwksController {

    static final String JWK_SET_JSON = "application/jwk-set+json";

    /** Short enough that a new key is seen soon; verifiers also re-fetch when a token names an unknown kid. */
    private static final CacheControl CACHE = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();
    /**
     * At most one database read a second however often the set is asked for (a verifier asks again for every unknown
     * kid, forged ones too), yet another instance's new key is published here within a second.
     */
    static final Duration READ_AT_MOST_EVERY = Duration.ofSeconds(1);

    private final SigningKeys keys;

    JwksController(SigningKeys keys) {
        this.keys = keys;
    }

    @GetMapping(path = "/api/auth/.well-known/jwks.json", produces = {MediaType.APPLICATION_JSON_VALUE, JWK_SET_JSON})
    @Operation(summary = "The JSON Web Key Set",
            description = "The active signing key and the retired keys whose tokens may still be valid. Public.")
    @ApiResponse(responseCode = "200", description = "The key set")
    ResponseEntity<JwkSet> jwks() {
        return ResponseEntity.ok().cacheControl(CACHE).body(JwkSet.of(keys.published(READ_AT_MOST_EVERY)));
    }
}
