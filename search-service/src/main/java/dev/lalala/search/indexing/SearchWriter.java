package dev.lalala.search.indexing;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.BulkResponse;
import co.elastic.clients.elasticsearch.core.GetResponse;
import co.elastic.clients.elasticsearch.core.MgetResponse;
import co.elastic.clients.elasticsearch.core.SearchResponse;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.get.GetResult;
import co.elastic.clients.elasticsearch.core.mget.MultiGetOperation;
import co.elastic.clients.elasticsearch.core.mget.MultiGetResponseItem;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.lalala.events.EventEnvelope;
import dev.lalala.events.EventPayload;
import dev.lalala.events.Visibility;
import dev.lalala.events.playlist.PlaylistCreated;
import dev.lalala.events.playlist.PlaylistDeleted;
import dev.lalala.events.playlist.PlaylistUpdated;
import dev.lalala.events.track.TrackDeleted;
import dev.lalala.events.track.TrackPublished;
import dev.lalala.events.track.TrackUpdated;
import dev.lalala.events.user.ProfileUpdated;
import dev.lalala.events.user.UserDeleted;
import dev.lalala.events.user.UserRegistered;
import dev.lalala.search.index.IndexDefinitions;
import dev.lalala.search.index.SearchIndex;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Builds the documents of the three indices from events, a run of consecutive events at a time (a poll's worth:
 * one realtime multi-get of every document they touch, the events applied in order in memory, one bulk write).
 * Every document records the time of the event it was last built from ({@code eventTime}); an event older than
 * that is ignored, so events may be replayed from the start of the topics and give the same index, and a run may be
 * applied twice. Writes are optimistic (each document written only if it did not change since the read, else the
 * run again). Deletions leave tombstones ({@code deleted: true}) so a replayed older event cannot bring a deleted song
 * back.
 * <p>
 * A song or playlist carries its owner's name. When the owner is renamed or deleted, their songs and playlists are
 * updated too (up to {@value #MAX_CASCADE} each: a refresh, a search, a bulk). A song indexed before its owner's
 * artist document exists (user.events and track.events are separate topics, in no order with each other) marks the
 * artist document as having songs waiting ({@value #WAITING}; a placeholder without an id when there is none): the
 * owner's registration then copies the name to them. A registration without the mark, the usual case, costs no
 * refresh and no search.
 */
@Component
public class SearchWriter {

    private static final Logger log = LoggerFactory.getLogger(SearchWriter.class);
    static final int MAX_CASCADE = 10_000;
    /** On an artist document (or a placeholder for one): songs or playlists were indexed before the artist. */
    static final String WAITING = "itemsWaiting";
    /** The events {@link #apply} takes; all other events of the topics are counters or not this service's. */
    public static final List<Class<? extends EventPayload>> DOCUMENT_EVENTS = List.of(TrackPublished.class,
            TrackUpdated.class, TrackDeleted.class, UserRegistered.class, ProfileUpdated.class, UserDeleted.class,
            PlaylistCreated.class, PlaylistUpdated.class, PlaylistDeleted.class);
    private static final int ATTEMPTS = 8;
    private static final int BULK_OPERATIONS = 2_000;

    private final ElasticsearchClient client;

    public SearchWriter(ElasticsearchClient client) {
        this.client = client;
    }

    public static boolean isDocumentEvent(EventPayload payload) {
        return DOCUMENT_EVENTS.contains(payload.getClass());
    }

    /** Applies consecutive document events, in their order; others in the list are ignored. */
    public void apply(Targets to, List<? extends EventEnvelope<?>> events) {
        if (events.isEmpty()) {
            return;
        }
        long started = System.nanoTime();
        // Kept over attempts: a retried run finds the marks already cleared by its first, partly written attempt.
        Set<UUID> cascade = new LinkedHashSet<>();
        Run run;
        for (int attempt = 1; ; attempt++) {
            run = new Run(to);
            for (EventEnvelope<?> event : events) {
                run.need(event);
            }
            run.load();
            for (EventEnvelope<?> event : events) {
                run.apply(event);
            }
            cascade.addAll(run.cascade);
            if (run.write()) {
                break;
            }
            if (attempt >= ATTEMPTS) {
                throw new IllegalStateException("documents kept changing under " + events.size() + " events");
            }
        }
        // Songs written without their artist, whose artist another instance registered meanwhile: its registration
        // may have searched before these songs were written.
        Set<UUID> recheck = new LinkedHashSet<>(run.waiting);
        recheck.removeAll(cascade);
        if (!recheck.isEmpty()) {
            Map<String, Map<String, Object>> artists = getAll(to.artists(), recheck);
            recheck.stream().filter(id -> isArtist(artists.get(id.toString()))).forEach(cascade::add);
        }
        long written = System.nanoTime();
        cascade(to, cascade);
        if (log.isDebugEnabled()) {
            log.debug("{} events: {} documents read, {} written in {} ms; names of {} owners copied in {} ms",
                    events.size(), run.slots.size(), run.slots.values().stream().filter(s -> s.dirty).count(),
                    (written - started) / 1_000_000, cascade.size(), (System.nanoTime() - written) / 1_000_000);
        }
    }

    /** The documents an event reads and writes, and what it does to them. */
    private final class Run {

        private final Targets to;
        private final Map<Key, Slot> slots = new LinkedHashMap<>();
        /** Owners whose songs and playlists take their current name or deletion after this run. */
        final Set<UUID> cascade = new LinkedHashSet<>();
        /** Owners of songs and playlists this run wrote while there was no artist document. */
        final Set<UUID> waiting = new LinkedHashSet<>();
        /** Those documents, per owner who had no document at all before this run: named here if they register. */
        private final Map<UUID, List<Slot>> nameless = new LinkedHashMap<>();

        Run(Targets to) {
            this.to = to;
        }

        void need(EventEnvelope<?> event) {
            switch (event.payload()) {
                case TrackPublished t -> {
                    slot(to.tracks(), t.trackId());
                    slot(to.artists(), t.ownerId());
                }
                case TrackUpdated t -> slot(to.tracks(), t.trackId());
                case TrackDeleted t -> slot(to.tracks(), t.trackId());
                case UserRegistered u -> slot(to.artists(), u.userId());
                case ProfileUpdated u -> slot(to.artists(), u.userId());
                case UserDeleted u -> slot(to.artists(), u.userId());
                case PlaylistCreated p -> {
                    slot(to.playlists(), p.playlistId());
                    slot(to.artists(), p.ownerId());
                }
                case PlaylistUpdated p -> {
                    slot(to.playlists(), p.playlistId());
                    slot(to.artists(), p.ownerId());
                }
                case PlaylistDeleted p -> slot(to.playlists(), p.playlistId());
                default -> {
                }
            }
        }

        private Slot slot(String index, UUID id) {
            return slots.computeIfAbsent(new Key(index, id.toString()), Slot::new);
        }

        /** One realtime multi-get of every document of the run (sees writes not yet refreshed). */
        void load() {
            if (slots.isEmpty()) {
                return;
            }
            List<MultiGetOperation> docs = slots.keySet().stream()
                    .map(k -> MultiGetOperation.of(o -> o.index(k.index()).id(k.id()))).toList();
            try {
                @SuppressWarnings("rawtypes")
                MgetResponse<Map> got = client.mget(m -> m.docs(docs), Map.class);
                List<Slot> inOrder = new ArrayList<>(slots.values());
                for (int i = 0; i < got.docs().size(); i++) {
                    MultiGetResponseItem<Map> item = got.docs().get(i);
                    if (item.isFailure()) {
                        throw new IllegalStateException("reading " + item.failure().index() + "/"
                                + item.failure().id() + " failed: " + item.failure().error().reason());
                    }
                    inOrder.get(i).loaded(item.result());
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @SuppressWarnings("unchecked")
        void apply(EventEnvelope<?> event) {
            long time = event.occurredAt().toEpochMilli();
            switch (event.payload()) {
                case TrackPublished t -> trackPublished(t, time);
                case TrackUpdated t -> trackUpdated(t, time);
                case TrackDeleted t -> change(slot(to.tracks(), t.trackId()), time,
                        doc -> tombstone(doc, t.trackId(), t.ownerId()));
                case UserRegistered u -> artist(u.userId(), time, doc -> {
                    doc.put("handle", u.handle());
                    doc.put("displayName", u.displayName());
                    doc.put("registeredAt", u.registeredAt() == null ? null : u.registeredAt().toString());
                    return doc;
                });
                case ProfileUpdated u -> artist(u.userId(), time, doc -> {
                    doc.put("handle", u.handle());
                    doc.put("displayName", u.displayName());
                    doc.put("avatarUrl", u.avatarUrl());
                    return doc;
                });
                case UserDeleted u -> userDeleted(u.userId(), time);
                case PlaylistCreated p -> playlist(p.playlistId(), p.ownerId(), time, doc -> {
                    doc.put("name", p.name());
                    doc.put("description", p.description());
                    doc.put("visibility", p.visibility().name());
                    doc.putIfAbsent("trackCount", 0);
                    return doc;
                });
                case PlaylistUpdated p -> playlist(p.playlistId(), p.ownerId(), time, doc -> {
                    doc.put("name", p.name());
                    doc.put("description", p.description());
                    doc.put("visibility", p.visibility().name());
                    doc.put("trackCount", p.trackCount());
                    doc.put("coverUrl", p.coverUrl());
                    return doc;
                });
                case PlaylistDeleted p -> change(slot(to.playlists(), p.playlistId()), time,
                        doc -> tombstone(doc, p.playlistId(), p.ownerId()));
                default -> {
                }
            }
        }

        private void trackPublished(TrackPublished t, long time) {
            Slot artist = slot(to.artists(), t.ownerId());
            Map<String, Object> owner = isArtist(artist.doc) ? artist.doc : null;
            Slot track = slot(to.tracks(), t.trackId());
            boolean written = change(track, time, doc -> {
                doc.put("id", t.trackId().toString());
                doc.put("ownerId", t.ownerId().toString());
                editable(doc, t.title(), t.genre(), t.tags(), t.description(), t.visibility(), t.coverUrl());
                doc.put("durationMs", t.durationMs());
                doc.put("publishedAt", t.publishedAt() == null ? null : t.publishedAt().toString());
                doc.putIfAbsent("likes", 0);
                doc.putIfAbsent("plays", 0);
                doc.put("deleted", false);
                doc.put("artistName", owner == null ? null : owner.get("displayName"));
                doc.put("artistHandle", owner == null ? null : owner.get("handle"));
                doc.put("ownerDeleted", owner != null && Boolean.TRUE.equals(owner.get("deleted")));
                return doc;
            });
            if (written && owner == null) {
                markWaiting(artist, t.ownerId(), track);
            }
        }

        private void trackUpdated(TrackUpdated t, long time) {
            change(slot(to.tracks(), t.trackId()), time, doc -> {
                if (!doc.containsKey("id")) {
                    return null; // not published yet: TrackPublished carries the whole song
                }
                editable(doc, t.title(), t.genre(), t.tags(), t.description(), t.visibility(), t.coverUrl());
                return doc;
            });
        }

        /** What the owner may change of a song, as TrackPublished and TrackUpdated both carry it. */
        private static void editable(Map<String, Object> doc, String title, String genre, List<String> tags,
                String description, Visibility visibility, String coverUrl) {
            doc.put("title", title);
            doc.put("exact", Fold.exact(title));
            doc.put("genre", genre);
            doc.put("tags", tags);
            doc.put("description", description);
            doc.put("visibility", visibility.name());
            doc.put("coverUrl", coverUrl);
        }

        private void artist(UUID id, long time, UnaryOperator<Map<String, Object>> change) {
            Slot slot = slot(to.artists(), id);
            Map<String, Object> before = slot.doc;
            boolean wasWaiting = before != null && Boolean.TRUE.equals(before.get(WAITING));
            boolean written = change(slot, time, doc -> {
                if (Boolean.TRUE.equals(doc.get("deleted"))) {
                    return null;
                }
                doc.remove(WAITING);
                Map<String, Object> next = change.apply(doc);
                next.put("id", id.toString());
                next.put("ownerId", id.toString());
                next.put("visibility", "PUBLIC");
                next.put("deleted", false);
                next.putIfAbsent("followers", 0);
                next.put("exact", exactNames((String) next.get("displayName"), (String) next.get("handle")));
                return next;
            });
            if (written && wasWaiting && !slot.found) {
                // Songs came first, all in this run (nothing was stored for this owner before it): named here.
                for (Slot owned : nameless.getOrDefault(id, List.of())) {
                    Map<String, Object> doc = new LinkedHashMap<>(owned.doc);
                    if (owned.key.index().equals(to.playlists())) {
                        doc.put("ownerName", slot.doc.get("displayName"));
                    } else {
                        doc.put("artistName", slot.doc.get("displayName"));
                        doc.put("artistHandle", slot.doc.get("handle"));
                    }
                    owned.doc = doc;
                }
                nameless.remove(id);
                waiting.remove(id);
            } else if (written && (wasWaiting || isArtist(before) && (!Objects.equals(before.get("displayName"),
                    slot.doc.get("displayName")) || !Objects.equals(before.get("handle"), slot.doc.get("handle"))))) {
                // A first registration has nothing to copy to, unless songs came first (marked); a rename has.
                cascade.add(id);
            }
        }

        private void userDeleted(UUID id, long time) {
            boolean written = change(slot(to.artists(), id), time, doc -> {
                doc.remove(WAITING);
                return tombstone(doc, id, id);
            });
            if (written) {
                cascade.add(id);
            }
        }

        private void playlist(UUID id, UUID ownerId, long time, UnaryOperator<Map<String, Object>> change) {
            Slot artist = slot(to.artists(), ownerId);
            Map<String, Object> owner = isArtist(artist.doc) ? artist.doc : null;
            Slot playlist = slot(to.playlists(), id);
            boolean written = change(playlist, time, doc -> {
                Map<String, Object> next = change.apply(doc);
                next.put("id", id.toString());
                next.put("ownerId", ownerId.toString());
                next.put("exact", Fold.exact((String) next.get("name")));
                next.put("deleted", false);
                next.put("ownerName", owner == null ? null : owner.get("displayName"));
                next.put("ownerDeleted", owner != null && Boolean.TRUE.equals(owner.get("deleted")));
                return next;
            });
            if (written && owner == null) {
                markWaiting(artist, ownerId, playlist);
            }
        }

        private void markWaiting(Slot artist, UUID ownerId, Slot owned) {
            waiting.add(ownerId);
            if (!artist.found) {
                nameless.computeIfAbsent(ownerId, k -> new ArrayList<>()).add(owned);
            }
            if (artist.doc == null) {
                // No eventTime: any event about the artist is newer than the placeholder.
                artist.doc = new LinkedHashMap<>(Map.of(WAITING, true));
                artist.dirty = true;
            } else if (!Boolean.TRUE.equals(artist.doc.get(WAITING))) {
                artist.doc = new LinkedHashMap<>(artist.doc);
                artist.doc.put(WAITING, true);
                artist.dirty = true;
            }
        }

        /**
         * Applies {@code change} to a copy of the document (an empty map when there is none) unless it was built
         * from an event newer than {@code eventTime}; {@code change} returning null leaves it as it is.
         *
         * @return whether the document changed
         */
        private boolean change(Slot slot, long eventTime, UnaryOperator<Map<String, Object>> change) {
            Map<String, Object> doc = slot.doc == null ? new LinkedHashMap<>() : new LinkedHashMap<>(slot.doc);
            if (doc.get("eventTime") instanceof Number n && n.longValue() > eventTime) {
                return false;
            }
            Map<String, Object> next = change.apply(doc);
            if (next == null) {
                return false;
            }
            next.put("eventTime", eventTime);
            slot.doc = next;
            slot.dirty = true;
            return true;
        }

        /**
         * Writes the changed documents in one bulk, each only if it is still as read.
         *
         * @return false when some were changed meanwhile (the others are written: run again)
         */
        boolean write() {
            List<BulkOperation> operations = new ArrayList<>();
            for (Slot slot : slots.values()) {
                if (!slot.dirty) {
                    continue;
                }
                Map<String, Object> doc = slot.doc;
                doc.put("rank", IndexDefinitions.rank(doc));
                putSuggestion(doc);
                if (slot.found) {
                    operations.add(BulkOperation.of(op -> op.index(i -> i.index(slot.writeIndex).id(slot.key.id())
                            .document(doc).ifSeqNo(slot.seqNo).ifPrimaryTerm(slot.primaryTerm))));
                } else {
                    operations.add(BulkOperation.of(op -> op.create(c -> c.index(slot.key.index())
                            .id(slot.key.id()).document(doc))));
                }
            }
            return bulk(operations, true);
        }
    }

    private record Key(String index, String id) {
    }

    /** A document of a run: as read (where it lives, its version) and as the run's events left it. */
    private static final class Slot {

        final Key key;
        String writeIndex;
        boolean found;
        Long seqNo;
        Long primaryTerm;
        Map<String, Object> doc;
        boolean dirty;

        Slot(Key key) {
            this.key = key;
        }

        @SuppressWarnings({"unchecked", "rawtypes"})
        void loaded(GetResult<Map> got) {
            found = got.found();
            if (found) {
                writeIndex = got.index();
                seqNo = got.seqNo();
                primaryTerm = got.primaryTerm();
                doc = new LinkedHashMap<>(got.source());
            }
        }
    }

    /**
     * Sends the operations (in bulks of at most {@value #BULK_OPERATIONS}).
     *
     * @return false when an operation met a version conflict and {@code conflictsExpected}; other failures throw
     */
    private boolean bulk(List<BulkOperation> operations, boolean conflictsExpected) {
        boolean clean = true;
        try {
            for (int from = 0; from < operations.size(); from += BULK_OPERATIONS) {
                List<BulkOperation> part = operations.subList(from, Math.min(operations.size(), from + BULK_OPERATIONS));
                BulkResponse response = client.bulk(BulkRequest.of(b -> b.operations(part)));
                if (!response.errors()) {
                    continue;
                }
                for (BulkResponseItem item : response.items()) {
                    if (item.error() == null) {
                        continue;
                    }
                    if (item.status() == 409 && conflictsExpected) {
                        clean = false;
                    } else {
                        throw new IllegalStateException("writing " + item.index() + "/" + item.id() + " failed: "
                                + item.error().type() + " " + item.error().reason());
                    }
                }
            }
            return clean;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The document's completion value, or none when it must not be suggested (IndexDefinitions.suggestion). */
    private static void putSuggestion(Map<String, Object> doc) {
        Map<String, Object> suggestion = IndexDefinitions.suggestion(doc);
        if (suggestion == null) {
            doc.remove("suggest");
        } else {
            doc.put("suggest", suggestion);
        }
    }

    /** Whether a document is an artist's (registered or deleted), not a placeholder or nothing. */
    private static boolean isArtist(Map<String, Object> doc) {
        return doc != null && doc.containsKey("id");
    }

    private static List<String> exactNames(String displayName, String handle) {
        return java.util.stream.Stream.of(Fold.exact(displayName), Fold.exact(handle))
                .filter(s -> s != null && !s.isEmpty()).distinct().toList();
    }

    private static Map<String, Object> tombstone(Map<String, Object> doc, UUID id, UUID ownerId) {
        doc.put("id", id.toString());
        doc.put("ownerId", ownerId.toString());
        doc.put("deleted", true);
        return doc;
    }

    /**
     * Copies each owner's current name (or deletion) onto their songs and playlists: one refresh (songs written a
     * moment ago must be found too), a search per index, partial updates in bulk.
     */
    private void cascade(Targets to, Set<UUID> owners) {
        if (owners.isEmpty()) {
            return;
        }
        Map<String, Map<String, Object>> artists = getAll(to.artists(), owners);
        Map<String, Map<String, Object>> trackFields = new LinkedHashMap<>();
        Map<String, Map<String, Object>> playlistFields = new LinkedHashMap<>();
        for (UUID owner : owners) {
            Map<String, Object> artist = artists.get(owner.toString());
            if (!isArtist(artist)) {
                continue;
            }
            if (Boolean.TRUE.equals(artist.get("deleted"))) {
                // No completion inputs: no longer suggested to anyone (IndexDefinitions.suggestion).
                Map<String, Object> gone = Map.of("ownerDeleted", true, "suggest", List.of());
                trackFields.put(owner.toString(), gone);
                playlistFields.put(owner.toString(), gone);
            } else {
                Map<String, Object> names = new LinkedHashMap<>();
                names.put("artistName", artist.get("displayName"));
                names.put("artistHandle", artist.get("handle"));
                trackFields.put(owner.toString(), names);
                Map<String, Object> ownerName = new LinkedHashMap<>();
                ownerName.put("ownerName", artist.get("displayName"));
                playlistFields.put(owner.toString(), ownerName);
            }
        }
        if (trackFields.isEmpty()) {
            return;
        }
        try {
            client.indices().refresh(r -> r.index(to.tracks(), to.playlists()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<BulkOperation> updates = new ArrayList<>();
        updates(to.tracks(), trackFields, updates);
        updates(to.playlists(), playlistFields, updates);
        bulk(updates, false);
    }

    /** Partial updates setting the owner's fields on every document of each owner in {@code index}. */
    private void updates(String index, Map<String, Map<String, Object>> fieldsByOwner, List<BulkOperation> into) {
        for (Map.Entry<Key, String> owned : owners(index, fieldsByOwner.keySet()).entrySet()) {
            Map<String, Object> fields = fieldsByOwner.get(owned.getValue());
            into.add(BulkOperation.of(op -> op.update(u -> u.index(owned.getKey().index()).id(owned.getKey().id())
                    .action(a -> a.doc(fields)).retryOnConflict(3))));
        }
    }

    /** The documents of these owners in {@code index} (each owner's first {@value #MAX_CASCADE}), to their owner. */
    private Map<Key, String> owners(String index, Set<String> owners) {
        Map<Key, String> found = new LinkedHashMap<>();
        try {
            List<FieldValue> values = owners.stream().map(FieldValue::of).toList();
            SearchResponse<Map> all = client.search(s -> s.index(index).size(MAX_CASCADE)
                    .source(src -> src.filter(f -> f.includes("ownerId")))
                    .query(q -> q.terms(t -> t.field("ownerId").terms(v -> v.value(values)))), Map.class);
            if (owners.size() == 1 || all.hits().hits().size() < MAX_CASCADE) {
                for (Hit<Map> hit : all.hits().hits()) {
                    found.put(new Key(hit.index(), hit.id()), String.valueOf(hit.source().get("ownerId")));
                }
                return found;
            }
            // More than one search can return: one owner at a time.
            for (String owner : owners) {
                SearchResponse<Void> one = client.search(s -> s.index(index).size(MAX_CASCADE)
                        .source(src -> src.fetch(false))
                        .query(q -> q.term(t -> t.field("ownerId").value(FieldValue.of(owner)))), Void.class);
                one.hits().hits().forEach(hit -> found.put(new Key(hit.index(), hit.id()), owner));
            }
            return found;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents with these ids (realtime), by id; absent ones are left out. */
    private Map<String, Map<String, Object>> getAll(String index, Set<UUID> ids) {
        try {
            @SuppressWarnings("rawtypes")
            MgetResponse<Map> got = client.mget(m -> m.index(index).ids(ids.stream().map(UUID::toString).toList()),
                    Map.class);
            Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
            for (MultiGetResponseItem<Map> item : got.docs()) {
                if (item.isResult() && item.result().found()) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> source = item.result().source();
                    docs.put(item.result().id(), source);
                }
            }
            return docs;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
                doc.put("rank", IndexDefinitions.rank(doc));
                putSuggestion(doc);
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

    /** The index name for a {@link SearchIndex} in the live targets (for counters). */
    public static String live(SearchIndex index) {
        return Targets.LIVE.of(index);
    }
}
