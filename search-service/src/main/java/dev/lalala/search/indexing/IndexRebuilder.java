package dev.lalala.search.indexing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.indices.update_aliases.Action;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventJson;
import dev.lalala.events.Topics;
import dev.lalala.events.follow.UserFollowed;
import dev.lalala.events.follow.UserUnfollowed;
import dev.lalala.events.play.PlayVerified;
import dev.lalala.events.track.TrackLiked;
import dev.lalala.events.track.TrackUnliked;
import dev.lalala.search.index.SearchIndex;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.stereotype.Component;

/**
 * Rebuilds the three indices from scratch, from the topics, next to the live ones, then moves the aliases in one
 * atomic step: queries keep answering from the old indices until the swap and from the new ones after it.
 * <ol>
 *   <li>creates {@code tracks_v<N>_r<stamp>} (and the two others), which get the current template;</li>
 *   <li>replays user.events, then track.events and playlist.events, then follow.events and play.events, from their
 *       beginning to their end as of the start (a plain consumer with assigned partitions: no consumer group, no
 *       committed offsets; the live subscriptions are not disturbed), through the same {@link SearchWriter};</li>
 *   <li>swaps the aliases and deletes the old indices;</li>
 *   <li>replays once more what arrived meanwhile (document events only: they are ordered by event time, so
 *       applying one twice changes nothing).</li>
 * </ol>
 * Likes, plays and follows that arrive during the rebuild may be missed by the new index (they are counted by the
 * live subscription into whichever index the alias names when they are handled). One rebuild at a time, across
 * instances: {@link RebuildLock}.
 */
@Component
public class IndexRebuilder {

    private static final Logger log = LoggerFactory.getLogger(IndexRebuilder.class);
    private static final List<List<String>> ORDER = List.of(
            List.of(Topics.USER_EVENTS),
            List.of(Topics.TRACK_EVENTS, Topics.PLAYLIST_EVENTS),
            List.of(Topics.FOLLOW_EVENTS, Topics.PLAY_EVENTS));

    private final ElasticsearchClient client;
    private final SearchWriter writer;
    private final ConsumerFactory<String, String> consumers;
    private final RebuildLock lock;

    public IndexRebuilder(ElasticsearchClient client, SearchWriter writer, ConsumerFactory<String, String> consumers,
            RebuildLock lock) {
        this.client = client;
        this.writer = writer;
        this.consumers = consumers;
        this.lock = lock;
    }

    /** What a rebuild did. */
    public record Report(Targets indices, long events, Duration took) {
    }

    /**
     * Takes the {@link RebuildLock} and rebuilds; fails at once when another rebuild holds it (the manual command,
     * tests).
     */
    public Report rebuild() throws IOException {
        Optional<RebuildLock.Lease> lease = lock.tryAcquire();
        if (lease.isEmpty()) {
            throw new IllegalStateException("Another rebuild is running: " + lock.holder().orElse(Map.of()));
        }
        try (RebuildLock.Lease held = lease.get()) {
            return rebuild(held);
        }
    }

    /** Rebuilds; the caller holds the lock (the automatic rebuild checks, under it, that one is still needed). */
    public Report rebuild(RebuildLock.Lease held) throws IOException {
        long started = System.nanoTime();
        long stamp = System.currentTimeMillis();
        Targets fresh = new Targets(SearchIndex.TRACKS.rebuildName(stamp), SearchIndex.ARTISTS.rebuildName(stamp),
                SearchIndex.PLAYLISTS.rebuildName(stamp));
        boolean swapped = false;
        try {
            for (SearchIndex index : SearchIndex.values()) {
                client.indices().create(c -> c.index(fresh.of(index)));
            }
            long events = 0;
            Map<TopicPartition, Long> ends = new HashMap<>();
            Map<String, Object> overrides = Map.of(
                    ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1000);
            try (Consumer<String, String> consumer = consumers.createConsumer(null, "search-rebuild-" + stamp, null,
                    propertiesOf(overrides))) {
                for (List<String> topics : ORDER) {
                    events += replay(consumer, topics, fresh, null, ends, true);
                }
                swap(fresh);
                swapped = true;
                // What the live subscription wrote into the old indices meanwhile.
                for (List<String> topics : ORDER) {
                    events += replay(consumer, topics, fresh, ends, new HashMap<>(), false);
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            log.info("Rebuilt the search indices into {} from {} events in {}", fresh, events, took);
            return new Report(fresh, events, took);
        } catch (IOException | RuntimeException e) {
            if (!swapped) {
                // Half-built indices nobody reads: the next rebuild starts afresh under a new stamp.
                client.indices().delete(d -> d.index(List.of(fresh.tracks(), fresh.artists(), fresh.playlists()))
                        .ignoreUnavailable(true));
            }
            throw e;
        }
    }

    private static java.util.Properties propertiesOf(Map<String, Object> map) {
        java.util.Properties p = new java.util.Properties();
        map.forEach((k, v) -> p.put(k, String.valueOf(v)));
        return p;
    }

    /** Applies the topics' events from {@code from} (their beginning when null) to their current end. */
    private long replay(Consumer<String, String> consumer, List<String> topics, Targets to,
            Map<TopicPartition, Long> from, Map<TopicPartition, Long> ends, boolean counters) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos != null) {
                infos.forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
            }
        }
        if (partitions.isEmpty()) {
            return 0;
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        ends.putAll(end);
        if (from == null) {
            consumer.seekToBeginning(partitions);
        } else {
            partitions.forEach(p -> consumer.seek(p, from.getOrDefault(p, 0L)));
        }
        long applied = 0;
        while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
            // Consecutive document events of a poll go to the writer at once; a counter in between ends the run.
            List<EventEnvelope<?>> run = new ArrayList<>();
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                if (record.offset() >= end.get(new TopicPartition(record.topic(), record.partition()))
                        || record.value() == null) {
                    continue;
                }
                var event = EventJson.readIfKnown(record.value());
                if (event.isEmpty()) {
                    continue;
                }
                applied++;
                if (SearchWriter.isDocumentEvent(event.get().payload())) {
                    run.add(event.get());
                } else {
                    writer.apply(to, run);
                    run.clear();
                    count(event.get(), to, counters);
                }
            }
            writer.apply(to, run);
        }
        return applied;
    }

    private void count(EventEnvelope<?> event, Targets to, boolean counters) {
        switch (event.payload()) {
            case TrackLiked p when counters -> writer.count(to.tracks(), p.trackId(), "likes", 1);
            case TrackUnliked p when counters -> writer.count(to.tracks(), p.trackId(), "likes", -1);
            case PlayVerified p when counters -> writer.count(to.tracks(), p.trackId(), "plays", 1);
            case UserFollowed p when counters -> writer.count(to.artists(), p.followeeId(), "followers", 1);
            case UserUnfollowed p when counters -> writer.count(to.artists(), p.followeeId(), "followers", -1);
            default -> {
            }
        }
    }

    /** Moves every alias to its fresh index in one request, then deletes the indices it left. */
    private void swap(Targets fresh) throws IOException {
        List<Action> actions = new ArrayList<>();
        List<String> old = new ArrayList<>();
        for (SearchIndex index : SearchIndex.values()) {
            Set<String> behind = client.indices().getAlias(a -> a.name(index.alias())).result().keySet();
            for (String name : behind) {
                actions.add(Action.of(a -> a.remove(r -> r.index(name).alias(index.alias()))));
                old.add(name);
            }
            actions.add(Action.of(a -> a.add(ad -> ad.index(fresh.of(index)).alias(index.alias())
                    .isWriteIndex(true))));
        }
        // Refreshed before they take the aliases: the last documents replayed must be searchable from the first query.
        client.indices().refresh(r -> r.index(fresh.tracks(), fresh.artists(), fresh.playlists()));
        client.indices().updateAliases(u -> u.actions(actions));
        if (!old.isEmpty()) {
            client.indices().delete(d -> d.index(old));
        }
        log.info("Aliases moved to {}; deleted {}", fresh, old);
    }
}
