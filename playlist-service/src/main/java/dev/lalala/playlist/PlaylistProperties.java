package dev.lalala.playlist;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * playlist-service's own settings, {@code lalala.playlist.*}: the caps every client-pushable list has, and how
 * track-service is reached when a song is added.
 */
@Validated
@ConfigurationProperties("lalala.playlist")
public record PlaylistProperties(
        @Min(1) @Max(20_000) int maxItems,
        @Min(1) @Max(10_000) int maxPlaylistsPerUser,
        @Min(1) @Max(500) int maxCollaborators,
        @NotNull TrackService trackService) {

    public PlaylistProperties {
        if (maxItems == 0) {
            maxItems = 5_000;
        }
        if (maxPlaylistsPerUser == 0) {
            maxPlaylistsPerUser = 1_000;
        }
        if (maxCollaborators == 0) {
            maxCollaborators = 50;
        }
        if (trackService == null) {
            trackService = new TrackService(null, null, null, 0, null, 0, 0, null);
        }
    }

    /**
     * track-service as seen from here. Timeouts keep an add fast when it hangs; one retry (reads only) hides a
     * dropped connection; the breaker answers at once while it is down.
     */
    public record TrackService(
            URI url,
            Duration connectTimeout,
            Duration readTimeout,
            int maxAttempts,
            Duration retryWait,
            int breakerWindow,
            int breakerFailureRatePercent,
            Duration breakerOpenFor) {

        public TrackService {
            url = url == null ? URI.create("http://127.0.0.1:8084") : url;
            connectTimeout = connectTimeout == null ? Duration.ofMillis(500) : connectTimeout;
            readTimeout = readTimeout == null ? Duration.ofSeconds(1) : readTimeout;
            maxAttempts = maxAttempts <= 0 ? 2 : maxAttempts;
            retryWait = retryWait == null ? Duration.ofMillis(100) : retryWait;
            breakerWindow = breakerWindow <= 0 ? 10 : breakerWindow;
            breakerFailureRatePercent = breakerFailureRatePercent <= 0 ? 50 : breakerFailureRatePercent;
            breakerOpenFor = breakerOpenFor == null ? Duration.ofSeconds(10) : breakerOpenFor;
        }
    }
}
