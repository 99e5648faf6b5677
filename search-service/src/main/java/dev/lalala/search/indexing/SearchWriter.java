package dev.lalala.search.indexing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.playlist.PlaylistCreated;
import dev.lalala.events.playlist.PlaylistDeleted;
import dev.lalala.events.playlist.PlaylistUpdated;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.events.track.TrackUpdated;
import dev.lalala.events.user.ProfileUpdated;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.events.user.UserRegistered;
import dev.lalala.search.index.SearchIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.springframework.stereotype.Component;

/**
 * Builds the documents of the three indices from events. Every document records the time of the event it was last
 * built from ({@code eventTime}); an event older than that is ignored, so events may be replayed from the start of
 * the topics and give the same index. Writes are optimistic (read, build, write if the document did not change
 * meanwhile, else again). Deletions leave tombstones ({@code deleted: true}) so a replayed older event cannot bring a
 * deleted song back. A song or playlist carries its owner's name; when the owner is renamed or deleted, their songs
 * and playlists are updated too (up to {@value #MAX_CASCADE} each).
 */
@Component
public class SearchWriter {

    static final int MAX_CASCADE = 10_000;
    private static final int ATTEMPTS = 8;

    private final ElasticsearchClient client;

    public SearchWriter(ElasticsearchClient client) {
        this.client = client;
    }

    // ---- tracks ----

    public void trackPublished(Targets to, EventEnvelope<TrackPublished> event) {
        TrackPublished t = event.payload();
        Map<String, Object> artist = get(to.artists(), t.ownerId().toString());
        upsert(to.tracks(), t.trackId().toString(), time(event), doc -> {
            doc.put("id", t.trackId().toString());
            doc.put("ownerId", t.ownerId().toString());
            doc.put("title", t.title());
            doc.put("exact", Fold.exact(t.title()));
            doc.put("genre", t.genre());
            doc.put("tags", t.tags());
            doc.put("description", t.description());
            doc.put("visibility", t.visibility().name());
            doc.put("durationMs", t.durationMs());
            doc.put("coverUrl", t.coverUrl());
            doc.put("publishedAt", t.publishedAt() == null ? null : t.publishedAt().toString());
            doc.putIfAbsent("likes", 0);
            doc.putIfAbsent("plays", 0);
            doc.put("deleted", false);
            owner(doc, artist);
            return doc;
        });
    }

    public void trackUpdated(Targets to, EventEnvelope<TrackUpdated> event) {
        TrackUpdated t = event.payload();
        upsert(to.tracks(), t.trackId().toString(), time(event), doc -> {
            if (!doc.containsKey("id")) {
                return null; // not published yet: TrackPublished carries the whole song
            }
            doc.put("title", t.title());
            doc.put("exact", Fold.exact(t.title()));
            doc.put("genre", t.genre());
            doc.put("tags", t.tags());
            doc.put("description", t.description());
            doc.put("visibility", t.visibility().name());
            doc.put("coverUrl", t.coverUrl());
            return doc;
        });
    }

    public void trackDeleted(Targets to, EventEnvelope<TrackDeleted> event) {
        TrackDeleted t = event.payload();
        upsert(to.tracks(), t.trackId().toString(), time(event), doc -> tombstone(doc, t.trackId(), t.ownerId()));
    }

    /** Adds {@code delta} to a counter of a document (likes, plays, followers); nothing when it does not exist. */
    public void count(String index, UUID id, String field, int delta) {
        for (int attempt = 0; ; attempt++) {
            try {
                GetResponse<Map> got = client.get(g -> g.index(index).id(id.toString()), Map.class);
                if (!got.found()) {
                    return;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> doc = new LinkedHashMap<>(got.source());
                long value = doc.get(field) instanceof Number n ? n.longValue() : 0;
                doc.put(field, Math.max(0, value + delta));
                try {
                    client.index(i -> i.index(got.index()).id(id.toString()).document(doc)
                            .ifSeqNo(got.seqNo()).ifPrimaryTerm(got.primaryTerm()));
                    return;
                } catch (ElasticsearchException e) {
                    if (e.status() != 409 || attempt >= ATTEMPTS) {
                        throw e;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ---- users (artists) ----

    public void userRegistered(Targets to, EventEnvelope<UserRegistered> event) {
        UserRegistered u = event.payload();
        artist(to, u.userId(), time(event), doc -> {
            doc.put("handle", u.handle());
            doc.put("displayName", u.displayName());
            doc.put("registeredAt", u.registeredAt() == null ? null : u.registeredAt().toString());
            return doc;
        });
    }

    public void profileUpdated(Targets to, EventEnvelope<ProfileUpdated> event) {
        ProfileUpdated u = event.payload();
        artist(to, u.userId(), time(event), doc -> {
            doc.put("handle", u.handle());
            doc.put("displayName", u.displayName());
            doc.put("avatarUrl", u.avatarUrl());
            return doc;
        });
    }

    public void userDeleted(Targets to, EventEnvelope<UserDeleted> event) {
        UUID id = event.payload().userId();
        boolean changed = upsert(to.artists(), id.toString(), time(event), doc -> tombstone(doc, id, id));
        if (changed) {
            cascade(to.tracks(), id, Map.of("ownerDeleted", true));
            cascade(to.playlists(), id, Map.of("ownerDeleted", true));
        }
    }

    private void artist(Targets to, UUID id, long time, UnaryOperator<Map<String, Object>> change) {
        String[] before = new String[2];
        boolean changed = upsert(to.artists(), id.toString(), time, doc -> {
            if (Boolean.TRUE.equals(doc.get("deleted"))) {
                return null;
            }
            before[0] = (String) doc.get("displayName");
            before[1] = (String) doc.get("handle");
            Map<String, Object> next = change.apply(doc);
            next.put("id", id.toString());
            next.put("ownerId", id.toString());
            next.put("visibility", "PUBLIC");
            next.put("deleted", false);
            next.putIfAbsent("followers", 0);
            next.put("exact", exactNames((String) next.get("displayName"), (String) next.get("handle")));
            return next;
        });
        if (changed) {
            Map<String, Object> doc = get(to.artists(), id.toString());
            if (doc != null && (!Objects.equals(before[0], doc.get("displayName"))
                    || !Objects.equals(before[1], doc.get("handle")))) {
                Map<String, Object> names = new LinkedHashMap<>();
                names.put("artistName", doc.get("displayName"));
                names.put("artistHandle", doc.get("handle"));
                cascade(to.tracks(), id, names);
                cascade(to.playlists(), id, Map.of("ownerName", doc.get("displayName")));
            }
        }
    }

    private static List<String> exactNames(String displayName, String handle) {
        return java.util.stream.Stream.of(Fold.exact(displayName), Fold.exact(handle))
                .filter(s -> s != null && !s.isEmpty()).distinct().toList();
    }

    // ---- playlists ----

    public void playlistCreated(Targets to, EventEnvelope<PlaylistCreated> event) {
        PlaylistCreated p = event.payload();
        playlist(to, p.playlistId(), p.ownerId(), time(event), doc -> {
            doc.put("name", p.name());
            doc.put("description", p.description());
            doc.put("visibility", p.visibility().name());
            doc.putIfAbsent("trackCount", 0);
            return doc;
        });
    }

    public void playlistUpdated(Targets to, EventEnvelope<PlaylistUpdated> event) {
        PlaylistUpdated p = event.payload();
        playlist(to, p.playlistId(), p.ownerId(), time(event), doc -> {
            doc.put("name", p.name());
            doc.put("description", p.description());
            doc.put("visibility", p.visibility().name());
            doc.put("trackCount", p.trackCount());
            doc.put("coverUrl", p.coverUrl());
            return doc;
        });
    }

    public void playlistDeleted(Targets to, EventEnvelope<PlaylistDeleted> event) {
        PlaylistDeleted p = event.payload();
        upsert(to.playlists(), p.playlistId().toString(), time(event),
                doc -> tombstone(doc, p.playlistId(), p.ownerId()));
    }

    private void playlist(Targets to, UUID id, UUID ownerId, long time, UnaryOperator<Map<String, Object>> change) {
        Map<String, Object> owner = get(to.artists(), ownerId.toString());
        upsert(to.playlists(), id.toString(), time, doc -> {
            Map<String, Object> next = change.apply(doc);
            next.put("id", id.toString());
            next.put("ownerId", ownerId.toString());
            next.put("exact", Fold.exact((String) next.get("name")));
            next.put("deleted", false);
            next.put("ownerName", owner == null ? null : owner.get("displayName"));
            next.put("ownerDeleted", owner != null && Boolean.TRUE.equals(owner.get("deleted")));
            return next;
        });
    }

    // ---- plumbing ----

    private static void owner(Map<String, Object> doc, Map<String, Object> artist) {
        doc.put("artistName", artist == null ? null : artist.get("displayName"));
        doc.put("artistHandle", artist == null ? null : artist.get("handle"));
        doc.put("ownerDeleted", artist != null && Boolean.TRUE.equals(artist.get("deleted")));
    }

    private static Map<String, Object> tombstone(Map<String, Object> doc, UUID id, UUID ownerId) {
        doc.put("id", id.toString());
        doc.put("ownerId", ownerId.toString());
        doc.put("deleted", true);
        return doc;
    }

    private static long time(EventEnvelope<?> event) {
        return event.occurredAt().toEpochMilli();
    }

    /** The document's source, or null. */
    public Map<String, Object> get(String index, String id) {
        try {
            @SuppressWarnings("unchecked")
            GetResponse<Map> got = client.get(g -> g.index(index).id(id), Map.class);
            @SuppressWarnings("unchecked")
            Map<String, Object> source = got.found() ? got.source() : null;
            return source;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Applies {@code change} to the document (an empty map when there is none) unless it was built from an event
     * newer than {@code eventTime}; {@code change} returning null leaves it as it is.
     *
     * @return whether the document was written
     */
    boolean upsert(String index, String id, long eventTime, UnaryOperator<Map<String, Object>> change) {
        for (int attempt = 0; ; attempt++) {
            try {
                @SuppressWarnings("rawtypes")
                GetResponse<Map> got = client.get(g -> g.index(index).id(id), Map.class);
                @SuppressWarnings("unchecked")
                Map<String, Object> doc = got.found() ? new LinkedHashMap<>(got.source()) : new LinkedHashMap<>();
                if (doc.get("eventTime") instanceof Number n && n.longValue() > eventTime) {
                    return false;
                }
                Map<String, Object> next = change.apply(doc);
                if (next == null) {
                    return false;
                }
                next.put("eventTime", eventTime);
                try {
                    if (got.found()) {
                        client.index(i -> i.index(got.index()).id(id).document(next)
                                .ifSeqNo(got.seqNo()).ifPrimaryTerm(got.primaryTerm()));
                    } else {
                        client.create(c -> c.index(index).id(id).document(next));
                    }
                    return true;
                } catch (ElasticsearchException e) {
                    if (e.status() != 409 || attempt >= ATTEMPTS) {
                        throw e;
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Sets {@code fields} on every document of {@code ownerId} in {@code index} (partial updates, one bulk). */
    private void cascade(String index, UUID ownerId, Map<String, Object> fields) {
        try {
            // Songs written a moment ago must be found too.
            client.indices().refresh(r -> r.index(index));
            SearchResponse<Void> owned = client.search(s -> s.index(index).size(MAX_CASCADE).source(src -> src
                            .fetch(false))
                    .query(q -> q.term(t -> t.field("ownerId").value(FieldValue.of(ownerId.toString())))),
                    Void.class);
            if (owned.hits().hits().isEmpty()) {
                return;
            }
            BulkRequest.Builder bulk = new BulkRequest.Builder();
            for (Hit<Void> hit : owned.hits().hits()) {
                bulk.operations(op -> op.update(u -> u.index(hit.index()).id(hit.id())
                        .action(a -> a.doc(fields)).retryOnConflict(3)));
            }
            var response = client.bulk(bulk.build());
            if (response.errors()) {
                throw new IllegalStateException("updating the documents of " + ownerId + " in " + index
                        + " failed in part");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The index name for a {@link SearchIndex} in the live targets (for counters). */
    public static String live(SearchIndex index) {
        return Targets.LIVE.of(index);
    }
}
