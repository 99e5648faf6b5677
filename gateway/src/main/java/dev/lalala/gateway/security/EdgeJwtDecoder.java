package dev.lalala.gateway.security;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.gateway.routing.DownstreamFailures;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import org.springframework.http.HttpStatus;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClientException;
import reactor.core.publisher.Mono;

/**
 * service-defaults' decoder (same keys, same rules), told apart from an auth-service that cannot be reached: a token
 * that cannot be checked because the keys cannot be fetched is a 503 problem, not a 500, and never waits longer than
 * the key fetch timeout. A token that is bad stays a 401.
 */
public final class EdgeJwtDecoder implements ReactiveJwtDecoder {

    static final String KEY_OWNER = "auth-service";

    private final ReactiveJwtDecoder delegate;
    private final Duration timeout;

    public EdgeJwtDecoder(ReactiveJwtDecoder delegate, Duration timeout) {
        this.delegate = delegate;
        this.timeout = timeout;
    }

    @Override
    public Mono<Jwt> decode(String token) throws JwtException {
        return delegate.decode(token)
                .timeout(timeout)
                .onErrorMap(EdgeJwtDecoder::keysUnreachable, error -> new ApiException(HttpStatus.SERVICE_UNAVAILABLE,
                        ProblemTypes.SERVICE_UNAVAILABLE, "Service unavailable",
                        "Access tokens cannot be checked right now: " + KEY_OWNER + " is not available")
                        .with("service", KEY_OWNER));
    }

    /** The keys could not be fetched: no connection, no answer in time, or an error answer from the JWKS endpoint. */
    static boolean keysUnreachable(Throwable error) {
        if (error instanceof BadJwtException) {
            return false;
        }
        if (error instanceof TimeoutException || DownstreamFailures.classify(error) != null) {
            return true;
        }
        for (Throwable t = error; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof WebClientException) {
                return true;
            }
        }
        return false;
    }
}
