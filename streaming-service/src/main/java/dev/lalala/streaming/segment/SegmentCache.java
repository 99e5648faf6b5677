package dev.lalala.streaming.segment;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.lalala.events.audio.AudioLayout;
import dev.lalala.streaming.StreamingProperties;
import dev.lalala.streaming.blob.ReactiveBlobs;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.cache.CaffeineCacheMetrics;
import java.util.UUID;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Hot segments in memory, bounded by bytes (Caffeine, W-TinyLFU, weighed by size), shared by HTTP and WebSocket
 * listeners: a thousand listeners of one song read each segment from disk once. Concurrent misses for the same
 * segment share one read (the cache holds the future). A segment that does not exist is not cached.
 */
@Component
public class SegmentCache {

    /** No segment of 5 s of 16-bit stereo is anywhere near this; a bigger file is not a segment. */
    public static final long MAX_SEGMENT_BYTES = 16L * 1024 * 1024;

    /** Bookkeeping per entry (key, etag, node), so that many tiny segments still weigh something. */
    private static final int ENTRY_OVERHEAD = 256;

    public record Key(UUID trackId, int index) {
    }

    private final ReactiveBlobs blobs;
    private final AsyncCache<Key, Segment> cache;
    private final long maxBytes;

    public SegmentCache(ReactiveBlobs blobs, StreamingProperties properties, MeterRegistry registry) {
        this.blobs = blobs;
        this.maxBytes = properties.getSegmentCacheSize().toBytes();
        this.cache = Caffeine.newBuilder()
                .maximumWeight(maxBytes)
                .weigher((Key key, Segment segment) -> segment.size() + ENTRY_OVERHEAD)
                .recordStats()
                .buildAsync();
        new CaffeineCacheMetrics<>(cache.synchronous(), "segments", java.util.List.of()).bindTo(registry);
        Gauge.builder("lalala.stream.segment.cache.bytes", this, SegmentCache::weightedBytes)
                .description("Bytes of segments held in memory").baseUnit("bytes").register(registry);
    }

    /** The segment, from memory or read once from the blob store; empty when there is no such segment. */
    public Mono<Segment> get(UUID trackId, int index) {
        return Mono.fromFuture(() -> cache.get(new Key(trackId, index), (key, executor) -> blobs
                        .read(AudioLayout.segmentKey(key.trackId(), key.index()), MAX_SEGMENT_BYTES)
                        .map(Segment::of)
                        .toFuture()), true);
    }

    public void evictTrack(UUID trackId) {
        cache.synchronous().asMap().keySet().removeIf(key -> key.trackId().equals(trackId));
    }

    /** What the cache holds now, weighed as it weighs entries; never more than {@link #maxBytes()}. */
    public long weightedBytes() {
        return cache.synchronous().policy().eviction().map(e -> e.weightedSize().orElse(0L)).orElse(0L);
    }

    public long maxBytes() {
        return maxBytes;
    }
}
