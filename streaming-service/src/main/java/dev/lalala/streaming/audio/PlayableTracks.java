package dev.lalala.streaming.audio;

import dev.lalala.defaults.problem.ApiException;
import dev.lalala.defaults.security.CurrentUser;
import dev.lalala.events.Visibility;
import dev.lalala.events.audio.TrackManifest;
import java.util.UUID;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** The HTTP side's "may this caller hear this track": 404 without a manifest, 401/403 for someone else's private track. */
@Component
public class PlayableTracks {

    private final Manifests manifests;

    public PlayableTracks(Manifests manifests) {
        this.manifests = manifests;
    }

    public Mono<TrackManifest> require(UUID trackId, Jwt caller) {
        return manifests.find(trackId)
                .switchIfEmpty(Mono.error(() -> ApiException.notFound("track", trackId)))
                .flatMap(manifest -> {
                    UUID listener = caller == null ? null : CurrentUser.of(caller).id();
                    if (Access.mayHear(manifest, listener)) {
                        return Mono.just(manifest);
                    }
                    return Mono.error(listener == null
                            ? ApiException.unauthorized("This track is private: log in as its owner.")
                            : ApiException.forbidden("This track is private."));
                });
    }

    /** Shared caches may keep public and unlisted audio; a private track's only in the owner's browser. */
    public static String cacheControl(TrackManifest manifest) {
        return (manifest.visibility() == Visibility.PRIVATE ? "private" : "public") + ", max-age=31536000, immutable";
    }
}
