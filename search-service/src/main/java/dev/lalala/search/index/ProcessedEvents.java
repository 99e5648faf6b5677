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
 * are not idempotent by themselves; the document events go to a batch handler that is (it compares event times)
 * and never come here. The record is not in one transaction with the work: if the service dies between the two,
 * the redelivered event counts once more (at most one per crash).
 */
@Component
public class ProcessedEvents implements ProcessedEventStore {

    public static final String INDEX = "search-processed-events";

    private final ElasticsearchClient client;

    public ProcessedEvents(ElasticsearchClient client) {
        this.client = client;
    }

    @Override
    public boolean applyOnce(String handler, UUID eventId, Runnable work) {
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
