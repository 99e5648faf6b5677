package dev.lalala.playlist.track;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.lalala.events.Visibility;
import java.util.UUID;

/** The part of track-service's {@code GET /api/tracks/{id}} answer this service reads; the rest is ignored. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TrackCard(UUID id, UUID ownerId, String title, Visibility visibility, String status, Long durationMs,
        String coverUrl) {

    /** Published: processed and playable (track-service's READY). */
    public boolean published() {
        return "READY".equals(status);
    }
}
