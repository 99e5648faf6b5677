package dev.lalala.playlist.track;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.problem.ProblemTypes;
import dev.lalala.playlist.PlaylistProperties;
import feign.FeignException;
import feign.RetryableException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * Asks track-service whether a song exists and the caller may add it, fresh (the read model may lag behind a
 * song just published). Guarded by Resilience4j: the call is a GET, so a failed attempt is retried once; the
 * breaker opens when track-service keeps failing, and then answers at once. Either way the caller gets a quick
 * 503 problem and nothing was written.
 */
@Component
public class TrackCatalog {

    public static final String NAME = "track-service";

    private final TrackCatalogClient client;
    private final CircuitBreaker breaker;
    private final Retry retry;

    TrackCatalog(TrackCatalogClient client, PlaylistProperties properties, MeterRegistry meters) {
        this.client = client;
        PlaylistProperties.TrackService settings = properties.trackService();
        CircuitBreakerRegistry breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
                .slidingWindowSize(settings.breakerWindow())
                .minimumNumberOfCalls(Math.max(1, settings.breakerWindow() / 2))
                .failureRateThreshold(settings.breakerFailureRatePercent())
                .waitDurationInOpenState(settings.breakerOpenFor())
                .permittedNumberOfCallsInHalfOpenState(2)
                // A 4xx (the song does not exist, is not the caller's to see) is an answer, not a failure.
                .ignoreExceptions(FeignException.FeignClientException.class)
                .build());
        RetryRegistry retries = RetryRegistry.of(RetryConfig.custom()
                .maxAttempts(settings.maxAttempts())
                .waitDuration(settings.retryWait())
                .retryOnException(TrackCatalog::worthRetrying)
                .build());
        this.breaker = breakers.circuitBreaker(NAME);
        this.retry = retries.retry(NAME);
        TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
        TaggedRetryMetrics.ofRetryRegistry(retries).bindTo(meters);
    }

    /**
     * The song as the caller sees it, or empty when it does not exist or is not theirs to see.
     *
     * @param authorization the caller's {@code Authorization} header, passed on
     * @throws ApiException 503 {@code track-service-unavailable} when track-service cannot answer
     */
    public Optional<TrackCard> visibleTrack(UUID trackId, String authorization) {
        Supplier<TrackCard> call = () -> client.track(trackId, authorization);
        // The breaker wraps the retries: one add is one call to the breaker, however many attempts it took.
        Supplier<TrackCard> guarded = CircuitBreaker.decorateSupplier(breaker, Retry.decorateSupplier(retry, call));
        try {
            return Optional.ofNullable(guarded.get());
        } catch (FeignException.NotFound | FeignException.Forbidden notVisible) {
            return Optional.empty();
        } catch (CallNotPermittedException open) {
            throw unavailable("track-service is failing; try again in a few seconds.");
        } catch (FeignException.FeignClientException rejected) {
            // 400 for a malformed id cannot happen (a UUID is passed); 401 means the token expired meanwhile.
            throw unavailable("track-service did not accept the check (" + rejected.status() + ").");
        } catch (RuntimeException failed) {
            throw unavailable("track-service did not answer in time.");
        }
    }

    /** For tests and operators: the breaker's state. */
    public CircuitBreaker breaker() {
        return breaker;
    }

    private static boolean worthRetrying(Throwable failure) {
        return failure instanceof RetryableException
                || failure instanceof FeignException.FeignServerException;
    }

    private static ApiException unavailable(String detail) {
        return new ApiException(HttpStatus.SERVICE_UNAVAILABLE, ProblemTypes.of("track-service-unavailable"),
                "Service unavailable", detail).with("retryAfterSeconds", 5);
    }
}
