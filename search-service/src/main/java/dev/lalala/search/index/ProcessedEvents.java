package dev.lalala.search.index;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.ElasticsearchException;
import co.elastic.clients.elasticsearch._types.Refresh;
import dev.lalala.defaults.subscription.ProcessedEventStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The event ids this service applied, in Elasticsearch (it has no other datastore): one small document per handler
 * and event, created only after the work succeeded. Used by the counting handlers (likes, plays, follows), which
 * are not idempotent by themselves; the document handlers are (they compare event times) and skip it
 * ({@link #ORDERED_BY_EVENT_TIME}). The record
 * is not in one transaction with the work: if the service dies between the two, the redelivered event counts once
 * more (at most one per crash).
 */
@Component
public class ProcessedEvents implements ProcessedEventStore {

    public static final String INDEX = "search-processed-events";

    /**
     * Handlers that are idempotent by themselves (they compare event times) but need the envelope, which only
     * store-backed handlers get: their events are not recorded, which saves two requests per event.
     */
    public static final java.util.Set<String> ORDERED_BY_EVENT_TIME = java.util.Set.of("TrackPublished",
            "TrackUpdated", "TrackDeleted", "UserRegistered", "ProfileUpdated", "UserDeleted", "PlaylistCreated",
            "PlaylistUpdated", "PlaylistDeleted");

    private final ElasticsearchClient client;

    public ProcessedEvents(ElasticsearchClient client) {
        this.client = client;
    }

    @Override
    public boolean applyOnce(String handler, UUID eventId, Runnable work) {
        if (ORDERED_BY_EVENT_TIME.contains(handler)) {
            work.run();
            return true;
        }
        String id = handler + ":" + eventId;
        try {
            if (client.exists(e -> e.index(INDEX).id(id)).value()) {
                return false;
            }
            work.run();
            try {
                client.create(c -> c.index(INDEX).id(id).document(Map.of("at", Instant.now().toString()))
                        .refresh(Refresh.False));
            } catch (ElasticsearchException e) {
                if (e.status() != 409) {
                    throw e;
                }
            }
            return true;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
