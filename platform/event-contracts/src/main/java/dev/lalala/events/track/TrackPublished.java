package dev.lalala.events.track;

import dev.lalala.events.EventPayload;
import dev.lalala.events.Visibility;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The song is processed and playable: its segments exist. Carries what read models (search, feed, playlists,
 * streaming) need, so that none of them has to call track-service back.
 */
public record TrackPublished(
        UUID trackId,
        UUID ownerId,
        String title,
        String genre,
        List<String> tags,
        String description,
        Visibility visibility,
        long durationMs,
        int segmentCount,
        int segmentSamples,
        int sampleRate,
        double gainDb,
        String coverUrl,
        Instant publishedAt)
        implements EventPayload {

    public TrackPublished {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    @Override
    public String eventKey() {
        return trackId.toString();
    }
}
