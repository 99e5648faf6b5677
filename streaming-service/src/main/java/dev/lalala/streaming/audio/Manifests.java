package dev.lalala.streaming.audio;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lalala.events.audio.AudioLayout;
import dev.lalala.events.audio.TrackManifest;
import dev.lalala.streaming.StreamingProperties;
import dev.lalala.streaming.blob.BlobStore;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * The manifests track-service writes next to each published track, cached briefly: a manifest changes when its
 * owner changes the track's visibility and disappears when the track is deleted, and {@link TrackCacheSubscriptions}
 * evicts it as soon as track.events says so; the TTL bounds how stale an entry can be if an event is late. A track
 * without a manifest is not playable (not found, or still processing). "No manifest" is cached too, so a flood of
 * requests for an unknown id costs one read per TTL.
 */
@Component
public class Manifests {

    /** A manifest is a few KiB (the waveform); anything bigger is not one. */
    static final long MAX_MANIFEST_BYTES = 1024 * 1024;

    private final BlobStore blobs;
    private final AsyncCache<UUID, Optional<TrackManifest>> cache;
    private final List<Consumer<UUID>> evictionListeners = new CopyOnWriteArrayList<>();

    public Manifests(BlobStore blobs, StreamingProperties properties) {
        this.blobs = blobs;
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(properties.getManifestTtl())
                .maximumSize(50_000)
                .buildAsync();
    }

    /** The track's manifest; empty when the track is not (or no longer) playable. */
    public Mono<TrackManifest> find(UUID trackId) {
        return Mono.fromFuture(() -> cache.get(trackId, (id, executor) -> blobs
                        .read(AudioLayout.manifestKey(id), MAX_MANIFEST_BYTES)
                        .map(TrackManifest::fromJson)
                        .map(Optional::of)
                        .defaultIfEmpty(Optional.empty())
                        .toFuture()), true)
                .flatMap(Mono::justOrEmpty);
    }

    /** Forgets the track's manifest and tells whoever asked ({@link #onEvicted}) to look at it again. */
    public void evict(UUID trackId) {
        cache.synchronous().invalidate(trackId);
        evictionListeners.forEach(listener -> listener.accept(trackId));
    }

    /** Called with a track's id each time its manifest was evicted (it changed, or the track is gone). */
    public void onEvicted(Consumer<UUID> listener) {
        evictionListeners.add(listener);
    }
}
